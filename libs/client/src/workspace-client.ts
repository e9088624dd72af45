import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import {
  followInvocationEvents,
  type InvocationEvent,
  type InvocationEventsOptions,
} from './invocation-events.js';
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
import { WorkspaceApiError } from './workspace-api-error.js';

/** The identity a gateway would inject in `trusted_headers` mode (API.md 4.1). */
export interface WorkspaceAuth {
  /** The shared secret (`X-Workspace-Auth-Token`). */
  token: string;
  tenant: string;
  actor: string;
  roles?: readonly string[];
  /** Header names, when the service renamed them (WORKSPACE_AUTH_*_HEADER, CONFIG.md). */
  headerNames?: { token?: string; tenant?: string; actor?: string; roles?: string };
}

export interface WorkspaceClientOptions {
  /** The service's root URL, e.g. `http://localhost:50053`. */
  baseUrl: string;
  /** Headers sent with every request (a gateway's own credentials, …). */
  headers?: Record<string, string>;
  /** Identity headers for `trusted_headers` mode; omit in `payload` mode. */
  auth?: WorkspaceAuth;
  /** Replaces `globalThis.fetch` (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
  /** Event streams: consecutive failed reconnects before giving up (default 8). */
  maxReconnects?: number;
  /** Event streams: first reconnect delay in ms, doubled per failure (default 500). */
  reconnectDelayMs?: number;
}

/** Options of invoke, explain and invokeAsync (API.md 5.10). */
export interface InvokeOptions {
  /** Flag approval mode: the human approved this call (7.3). */
  approved?: boolean;
  /** Request approval mode: the approved approval request this call uses (7.3). */
  approvalId?: string;
  /** Makes the call replayable: the same id answers the recorded outcome (6 B1). */
  correlationId?: string;
}

/** An artifact's raw content (API.md 5.14), streamed. */
export interface ArtifactDownload {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  sizeBytes?: number;
}

type ToolArgs = Record<string, unknown>;

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
    const body = unwrap(result);
    if (body === null) {
      throw new WorkspaceApiError({
        status: result.response.status,
        code: 'http_error',
        message: 'artifact download has no body',
        retryable: false,
      });
    }
    const length = Number.parseInt(result.response.headers.get('content-length') ?? '', 10);
    return {
      body,
      contentType: result.response.headers.get('content-type') ?? 'application/octet-stream',
      ...(Number.isFinite(length) ? { sizeBytes: length } : {}),
    };
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

function invokeBody(args: ToolArgs, options: InvokeOptions, async: boolean) {
  return {
    args,
    ...(async ? { async: true } : {}),
    ...(options.approved !== undefined ? { approved: options.approved } : {}),
    ...(options.approvalId !== undefined ? { approval_id: options.approvalId } : {}),
    ...(options.correlationId !== undefined ? { correlation_id: options.correlationId } : {}),
  };
}

function authHeaders(auth: WorkspaceAuth | undefined): Record<string, string> {
  if (auth === undefined) {
    return {};
  }
  const names = auth.headerNames ?? {};
  return {
    [names.token ?? 'X-Workspace-Auth-Token']: auth.token,
    [names.tenant ?? 'X-Workspace-Tenant-Id']: auth.tenant,
    [names.actor ?? 'X-Workspace-Actor-Id']: auth.actor,
    ...(auth.roles !== undefined && auth.roles.length > 0
      ? { [names.roles ?? 'X-Workspace-Roles']: auth.roles.join(',') }
      : {}),
  };
}

/** The success data of an openapi-fetch result, or the WorkspaceApiError its answer stands for. */
function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.data === undefined) {
    throw WorkspaceApiError.fromResponse(result.response, result.error);
  }
  return result.data;
}
