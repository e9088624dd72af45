import createClient, { type Client } from 'openapi-fetch';
import { unwrap } from './api-result.js';
import { type ArtifactDownload, artifactDownloadOf } from './artifact-download.js';
import type { paths } from './generated/openapi.js';
import {
  followInvocationEvents,
  type InvocationEvent,
  type InvocationEventsOptions,
} from './invocation-events.js';
import { type InvokeOptions, invokeBody, type ToolArgs } from './invoke-body.js';
import type {
  Approval,
  ApprovalStatus,
  Artifact,
  Capability,
  CreateSessionRequest,
  ExplainDecision,
  ForkSessionRequest,
  Invocation,
  LogLine,
  RenewSessionRequest,
  Session,
} from './types.js';
import { authHeaders } from './workspace-auth.js';
import type { WorkspaceClientOptions } from './workspace-client-options.js';

/**
 * The common flows of the Workspace Execution Service over its typed routes. Every method answers
 * the object of the success response, or throws WorkspaceApiError with the error envelope; `api`
 * is the underlying openapi-fetch client, typed for every route of the OpenAPI document.
 */
export class WorkspaceClient {
  readonly api: Client<paths>;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: (request: Request) => Promise<Response>;
  private readonly maxReconnects: number;
  private readonly reconnectDelayMs: number;

  constructor(options: WorkspaceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.headers = { ...options.headers, ...authHeaders(options.auth) };
    // Read globalThis.fetch per call, so a fetch patched after construction is still used.
    this.fetchImpl = options.fetch ?? ((request) => globalThis.fetch(request));
    this.maxReconnects = options.maxReconnects ?? 8;
    this.reconnectDelayMs = options.reconnectDelayMs ?? 500;
    this.api = createClient<paths>({
      baseUrl: this.baseUrl,
      headers: this.headers,
      fetch: this.fetchImpl,
    });
  }

  // Sessions (API.md 5.6–5.9, 5.15, 5.16).

  async createSession(request: CreateSessionRequest = {}): Promise<Session> {
    return (await this.api.POST('/v1/sessions', { body: request }).then(unwrap)).session;
  }

  async getSession(sessionId: string): Promise<Session> {
    const params = { path: { session_id: sessionId } };
    return (await this.api.GET('/v1/sessions/{session_id}', { params }).then(unwrap)).session;
  }

  async renewSession(sessionId: string, request: RenewSessionRequest = {}): Promise<Session> {
    const params = { path: { session_id: sessionId } };
    return (
      await this.api.POST('/v1/sessions/{session_id}/renew', { params, body: request }).then(unwrap)
    ).session;
  }

  async forkSession(sessionId: string, request: ForkSessionRequest = {}): Promise<Session> {
    const params = { path: { session_id: sessionId } };
    return (
      await this.api.POST('/v1/sessions/{session_id}/fork', { params, body: request }).then(unwrap)
    ).session;
  }

  async closeSession(sessionId: string): Promise<boolean> {
    const params = { path: { session_id: sessionId } };
    return (await this.api.DELETE('/v1/sessions/{session_id}', { params }).then(unwrap)).closed;
  }

  async listTools(sessionId: string): Promise<Capability[]> {
    const params = { path: { session_id: sessionId } };
    return (await this.api.GET('/v1/sessions/{session_id}/tools', { params }).then(unwrap)).tools;
  }

  // Invocations (API.md 5.10–5.13, 5.17, 5.18, 5.23).

  /** Runs a tool and answers its succeeded record; any other outcome throws (with `invocation`). */
  async invoke(
    sessionId: string,
    tool: string,
    args: ToolArgs = {},
    options: InvokeOptions = {},
  ): Promise<Invocation> {
    return (await this.postInvoke(sessionId, tool, args, options, false)).invocation;
  }

  /**
   * Starts a tool without waiting (`"async": true`): the running record once the gates passed.
   * Follow it with events(), read it with getInvocation(); a refusal throws as invoke's does.
   */
  async invokeAsync(
    sessionId: string,
    tool: string,
    args: ToolArgs = {},
    options: InvokeOptions = {},
  ): Promise<Invocation> {
    return (await this.postInvoke(sessionId, tool, args, options, true)).invocation;
  }

  /** The decision invoke would reach now for the same call, running nothing (5.23). */
  async explain(
    sessionId: string,
    tool: string,
    args: ToolArgs = {},
    options: InvokeOptions = {},
  ): Promise<ExplainDecision> {
    const params = { path: { session_id: sessionId, tool_name: tool } };
    return (
      await this.api
        .POST('/v1/sessions/{session_id}/tools/{tool_name}/explain', {
          params,
          body: invokeBody(args, options, false),
        })
        .then(unwrap)
    ).decision;
  }

  async getInvocation(invocationId: string): Promise<Invocation> {
    const params = { path: { invocation_id: invocationId } };
    return (await this.api.GET('/v1/invocations/{invocation_id}', { params }).then(unwrap))
      .invocation;
  }

  async getLogs(invocationId: string): Promise<LogLine[]> {
    const params = { path: { invocation_id: invocationId } };
    return (await this.api.GET('/v1/invocations/{invocation_id}/logs', { params }).then(unwrap))
      .logs;
  }

  /** Asks a running invocation to stop (202: sent, not yet ended); 409 `conflict` when finished. */
  async cancel(invocationId: string): Promise<Invocation> {
    const params = { path: { invocation_id: invocationId } };
    return (await this.api.POST('/v1/invocations/{invocation_id}/cancel', { params }).then(unwrap))
      .invocation;
  }

  /**
   * The invocation's live events (status, log lines, then done with the final record), resumed
   * across cut connections with Last-Event-ID until `done` (see followInvocationEvents).
   */
  events(
    invocationId: string,
    options: InvocationEventsOptions = {},
  ): AsyncGenerator<InvocationEvent> {
    return followInvocationEvents(
      {
        url: `${this.baseUrl}/v1/invocations/${encodeURIComponent(invocationId)}/events`,
        headers: this.headers,
        fetch: this.fetchImpl,
        maxReconnects: this.maxReconnects,
        reconnectDelayMs: this.reconnectDelayMs,
      },
      options,
    );
  }

  // Artifacts (API.md 5.13, 5.14).

  async listArtifacts(invocationId: string): Promise<Artifact[]> {
    const params = { path: { invocation_id: invocationId } };
    return (
      await this.api.GET('/v1/invocations/{invocation_id}/artifacts', { params }).then(unwrap)
    ).artifacts;
  }

  /** An artifact's bytes as a stream (never held whole in memory). */
  async downloadArtifactStream(
    invocationId: string,
    artifactId: string,
  ): Promise<ArtifactDownload> {
    const result = await this.api.GET('/v1/invocations/{invocation_id}/artifacts/{artifact_id}', {
      params: { path: { invocation_id: invocationId, artifact_id: artifactId } },
      parseAs: 'stream',
    });
    return artifactDownloadOf(result.response, unwrap(result));
  }

  /** An artifact's bytes, read whole: for small artifacts. */
  async downloadArtifact(invocationId: string, artifactId: string): Promise<Uint8Array> {
    const { body } = await this.downloadArtifactStream(invocationId, artifactId);
    return new Uint8Array(await new Response(body).arrayBuffer());
  }

  // Approval requests (API.md 5.19–5.22; approvers, request mode only).

  async listApprovals(status: ApprovalStatus = 'pending'): Promise<Approval[]> {
    return (await this.api.GET('/v1/approvals', { params: { query: { status } } }).then(unwrap))
      .approvals;
  }

  async getApproval(approvalId: string): Promise<Approval> {
    const params = { path: { approval_id: approvalId } };
    return (await this.api.GET('/v1/approvals/{approval_id}', { params }).then(unwrap)).approval;
  }

  async approve(approvalId: string, reason?: string): Promise<Approval> {
    const params = { path: { approval_id: approvalId } };
    const body = reason === undefined ? {} : { reason };
    return (
      await this.api.POST('/v1/approvals/{approval_id}/approve', { params, body }).then(unwrap)
    ).approval;
  }

  async deny(approvalId: string, reason?: string): Promise<Approval> {
    const params = { path: { approval_id: approvalId } };
    const body = reason === undefined ? {} : { reason };
    return (await this.api.POST('/v1/approvals/{approval_id}/deny', { params, body }).then(unwrap))
      .approval;
  }

  private postInvoke(
    sessionId: string,
    tool: string,
    args: ToolArgs,
    options: InvokeOptions,
    async: boolean,
  ): Promise<{ invocation: Invocation }> {
    return this.api
      .POST('/v1/sessions/{session_id}/tools/{tool_name}/invoke', {
        params: { path: { session_id: sessionId, tool_name: tool } },
        body: invokeBody(args, options, async),
      })
      .then(unwrap);
  }
}
