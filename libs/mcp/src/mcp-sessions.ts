import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Injectable,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { AppConfig } from '#app/config';
import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { CatalogView } from '#app/invocations';
import { JsonLogger } from '#app/observability';
import { Clock } from '#app/stores';
import { canElicit, type McpRequestExtra } from './mcp-approval.js';
import { errorResult } from './mcp-call-result.js';
import { mcpToolOf } from './mcp-tool-definition.js';
import { McpToolCall } from './mcp-tool-call.js';

/** An MCP session unused this long is closed; its client starts a new one on the next 404. */
export const MCP_SESSION_IDLE_MS = 30 * 60_000;
/** Beyond this many MCP sessions on one workspace session, the least recently used is closed. */
export const MAX_MCP_SESSIONS_PER_WORKSPACE_SESSION = 16;
const SWEEP_INTERVAL_MS = 60_000;

export const SERVER_INFO = { name: 'workspace-execution-service', version: '0.1.0' };

interface OpenMcpSession {
  readonly server: Server;
  readonly transport: StreamableHTTPServerTransport;
  /** The workspace session the MCP session was initialised on: the only one it serves. */
  readonly workspaceSessionId: string;
  lastUsedMs: number;
}

/**
 * API.md 5.24: the stateful Streamable HTTP sessions of this replica. Stateful because approval by
 * elicitation needs it: the server asks during a `tools/call` and the client's answer arrives in a
 * later POST that must reach the same SDK server, and that server must remember the capabilities
 * the client declared at `initialize`. Sessions live in this process only; a request that reaches
 * another replica gets the MCP `404 Session not found` and its client initialises again.
 *
 * Access is never decided here: every request has passed `SessionAccessGuard` (authentication,
 * ownership, placement) for the workspace session in its path, and an MCP session only answers on
 * the path of the workspace session it was opened on.
 */
@Injectable()
export class McpSessions implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly open = new Map<string, OpenMcpSession>();
  /** The guard's session for each request, keyed by the `AuthInfo` the SDK hands to handlers. */
  private readonly requestSessions = new WeakMap<AuthInfo, Session>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: CatalogView,
    private readonly toolCall: McpToolCall,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.closeIdle(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    await this.closeAll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.closeAll();
  }

  get size(): number {
    return this.open.size;
  }

  /** Hands one HTTP request (already authorised for `session`) to the SDK transport it belongs to. */
  async handle(
    session: Session,
    request: IncomingMessage,
    response: ServerResponse,
    body: JsonObject | undefined,
  ): Promise<void> {
    const authInfo: AuthInfo = { token: '', clientId: session.id, scopes: [] };
    this.requestSessions.set(authInfo, session);
    const raw = request as IncomingMessage & { auth?: AuthInfo };
    raw.auth = authInfo;
    const id = headerValue(request.headers['mcp-session-id']);
    if (id !== undefined) {
      const known = this.open.get(id);
      if (!known || known.workspaceSessionId !== session.id) {
        writeSessionNotFound(response);
        return;
      }
      known.lastUsedMs = this.clock.now();
      await known.transport.handleRequest(raw, response, body);
      return;
    }
    const fresh = await this.start(session.id, this.mayElicit(body));
    await fresh.transport.handleRequest(raw, response, body);
    if (fresh.transport.sessionId === undefined) {
      // Not an initialize (the SDK answered 400): nothing to keep.
      await fresh.server.close();
    }
  }

  /**
   * Whether this MCP session can ever send an approval elicitation (API.md 5.24): only in flag mode,
   * and only to a client that declared form elicitation in the `initialize` being answered. The
   * capabilities a client declares at `initialize` are fixed for the life of its MCP session.
   */
  private mayElicit(body: JsonObject | undefined): boolean {
    if (this.config.approvals.mode !== 'flag' || body?.['method'] !== 'initialize') {
      return false;
    }
    const params = body['params'];
    const capabilities = isJsonObject(params) ? params['capabilities'] : undefined;
    return isJsonObject(capabilities) && canElicit(capabilities);
  }

  /**
   * `withElicitation`: requests answer with an SSE stream, on which an approval elicitation can
   * travel before the result. Otherwise nothing but the result can ever be sent on a request's
   * response, so it is one `application/json` body: no stream, no SSE framing or parsing on either
   * side (both are Streamable HTTP; clients must accept both).
   */
  private async start(
    workspaceSessionId: string,
    withElicitation: boolean,
  ): Promise<OpenMcpSession> {
    // `Server`, not `McpServer`: the catalog's tools are described by JSON Schema, not zod.
    const server = new Server(SERVER_INFO, { capabilities: { tools: { listChanged: false } } });
    const transport = new StreamableHTTPServerTransport({
      enableJsonResponse: !withElicitation,
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.open.set(id, entry);
        this.evictBeyondCap(workspaceSessionId);
      },
    });
    const entry: OpenMcpSession = {
      server,
      transport,
      workspaceSessionId,
      lastUsedMs: this.clock.now(),
    };
    server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => {
      const tools = await this.catalog.forSession(this.sessionOf(extra));
      return { tools: tools.map(mcpToolOf) };
    });
    server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
      // A JSON-answering session cannot carry an elicitation: its calls never ask, whatever the SDK
      // parsed from the client's capabilities (an ask there would only wait for the timeout).
      this.callTool(request.params, withElicitation ? server : undefined, extra),
    );
    server.onerror = (error) =>
      this.logger.write('warn', 'mcp transport error', { error: error.message });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) {
        this.open.delete(transport.sessionId);
      }
    };
    await server.connect(transport);
    return entry;
  }

  private async callTool(
    params: Parameters<McpToolCall['call']>[1],
    eliciting: Server | undefined,
    extra: McpRequestExtra,
  ): Promise<CallToolResult> {
    try {
      return await this.toolCall.call(
        this.sessionOf(extra),
        params,
        eliciting?.getClientCapabilities(),
        extra,
      );
    } catch (error) {
      if (error instanceof McpError) {
        throw error;
      }
      // As the REST filter does: logged in full with an id, never shown to the caller.
      const errorId = randomUUID().slice(0, 12);
      this.logger.write('error', 'unhandled error', {
        error_id: errorId,
        error: error instanceof Error ? error.message : String(error),
      });
      return errorResult(new AppException('internal', `internal error (id ${errorId})`));
    }
  }

  private sessionOf(extra: McpRequestExtra): Session {
    const session = extra.authInfo ? this.requestSessions.get(extra.authInfo) : undefined;
    if (!session) {
      // Every request reaches the SDK through handle(), which sets it: fail closed all the same.
      throw new McpError(ErrorCode.InternalError, 'request has no authorised session');
    }
    return session;
  }

  private evictBeyondCap(workspaceSessionId: string): void {
    const mine = [...this.open.entries()].filter(
      ([, entry]) => entry.workspaceSessionId === workspaceSessionId,
    );
    if (mine.length <= MAX_MCP_SESSIONS_PER_WORKSPACE_SESSION) {
      return;
    }
    mine.sort(([, a], [, b]) => a.lastUsedMs - b.lastUsedMs);
    for (const [id, entry] of mine.slice(0, mine.length - MAX_MCP_SESSIONS_PER_WORKSPACE_SESSION)) {
      this.open.delete(id);
      void entry.server.close();
    }
  }

  private async closeIdle(): Promise<void> {
    const cutoff = this.clock.now() - MCP_SESSION_IDLE_MS;
    const idle = [...this.open.entries()].filter(([, entry]) => entry.lastUsedMs < cutoff);
    for (const [id] of idle) {
      this.open.delete(id);
    }
    await Promise.allSettled(idle.map(([, entry]) => entry.server.close()));
  }

  private async closeAll(): Promise<void> {
    if (this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(all.map((entry) => entry.server.close()));
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The answer the MCP specification prescribes for an unknown session id: the client re-initialises. */
function writeSessionNotFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      jsonrpc: '2.0',
      error: { code: -32001, message: 'Session not found' },
      id: null,
    }),
  );
}
