import type { AppConfig } from '#app/config';
import type { Capability, Invocation, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { InvocationPipeline, InvokeRequest } from '#app/invocations';
import type { PolicyEngine } from '#app/policy';
import type { ToolRegistry } from '#app/tool-registry';
import type { McpRequestExtra } from './mcp-approval.js';
import { McpToolCall } from './mcp-tool-call.js';

const session = { id: 'session-0123456789abcdef' } as Session;
const writeFile = { name: 'fs.write_file', requires_approval: true } as Capability;
const readFile = { name: 'fs.read_file', requires_approval: false } as Capability;
const succeeded = { id: 'inv-0123456789abcdef', output: { ok: true } } as unknown as Invocation;

interface Harness {
  call: McpToolCall;
  requests: InvokeRequest[];
  elicitations: unknown[];
  extra: McpRequestExtra;
}

function harness({
  answer = { action: 'accept', content: { approve: true } },
  allowed = true,
  argsValid = true,
  outcome = async (): Promise<Invocation> => succeeded,
  approvalMode = 'flag',
}: {
  approvalMode?: 'flag' | 'request';
  answer?: unknown;
  allowed?: boolean;
  argsValid?: boolean;
  outcome?: () => Promise<Invocation>;
} = {}): Harness {
  const requests: InvokeRequest[] = [];
  const elicitations: unknown[] = [];
  const capabilities: Record<string, Capability> = {
    'fs.write_file': writeFile,
    'fs.read_file': readFile,
  };
  const registry = {
    get: (name: string) => (capabilities[name] ? { capability: capabilities[name] } : undefined),
    validateArgs: (_name: string, args: object) =>
      argsValid ? { ok: true, args, toolArgs: args } : { ok: false, message: 'invalid args' },
  } as unknown as ToolRegistry;
  const pipeline = {
    invoke: async (request: InvokeRequest) => {
      requests.push(request);
      return outcome();
    },
  } as unknown as InvocationPipeline;
  const policy = {
    evaluate: async () =>
      allowed
        ? { allowed: true }
        : { allowed: false, code: 'policy_denied', message: 'path escapes workspace' },
  } as unknown as PolicyEngine;
  const extra = {
    requestInfo: { headers: { 'x-correlation-id': 'from-header', traceparent: 'tp' } },
    sendRequest: async (request: unknown) => {
      elicitations.push(request);
      return answer;
    },
  } as unknown as McpRequestExtra;
  const config = { approvals: { mode: approvalMode } } as unknown as AppConfig;
  return {
    call: new McpToolCall(registry, pipeline, policy, config),
    requests,
    elicitations,
    extra,
  };
}

const bodyOf = (request: InvokeRequest): unknown => {
  const raw = request.body as { kind: string; bytes: Buffer };
  expect(raw.kind).toBe('bytes');
  return JSON.parse(raw.bytes.toString('utf8'));
};

const elicit = { elicitation: {} };

describe('McpToolCall (API.md 5.24 tools/call)', () => {
  it('should build the REST invoke body from arguments and _meta, with the request headers', async () => {
    const { call, requests, extra } = harness();
    const result = await call.call(
      session,
      {
        name: 'fs.read_file',
        arguments: { path: 'a.txt' },
        _meta: { correlation_id: 'c-1', approval_id: 'apr-1' },
      },
      undefined,
      extra,
    );
    expect(result.structuredContent).toEqual({ ok: true });
    expect(bodyOf(requests[0])).toEqual({
      args: { path: 'a.txt' },
      correlation_id: 'c-1',
      approval_id: 'apr-1',
    });
    expect(requests[0]).toMatchObject({
      session,
      toolName: 'fs.read_file',
      correlationHeader: 'from-header',
      traceCarrier: { traceparent: 'tp' },
    });
    expect(requests[0].approvedVia).toBeUndefined();
  });

  it('should send {} as args when arguments are absent and never set approved by itself', async () => {
    const { call, requests, extra } = harness();
    await call.call(session, { name: 'fs.read_file' }, elicit, extra);
    expect(bodyOf(requests[0])).toEqual({ args: {} });
  });

  it('should ask before running an approval-gated tool and run it approved on accept', async () => {
    const { call, requests, elicitations, extra } = harness();
    await call.call(session, { name: 'fs.write_file', arguments: { path: 'a' } }, elicit, extra);
    expect(elicitations).toHaveLength(1);
    expect(elicitations[0]).toMatchObject({ method: 'elicitation/create' });
    expect(bodyOf(requests[0])).toEqual({ args: { path: 'a' }, approved: true });
    expect(requests[0].approvedVia).toBe('mcp_elicitation');
  });

  it.each([
    ['the client cannot elicit', {}, undefined],
    ['the call names an approval request', {}, 'apr-1'],
    ['the args are invalid', { argsValid: false }, undefined],
    ['the policy would refuse it anyway', { allowed: false }, undefined],
    ['approval requests are on (request mode)', { approvalMode: 'request' as const }, undefined],
  ])('should not ask when %s', async (label, options, approvalId) => {
    const { call, requests, elicitations, extra } = harness(options);
    const client = label === 'the client cannot elicit' ? {} : elicit;
    await call.call(
      session,
      {
        name: 'fs.write_file',
        arguments: { path: 'a' },
        ...(approvalId ? { _meta: { approval_id: approvalId } } : {}),
      },
      client,
      extra,
    );
    expect(elicitations).toEqual([]);
    expect(bodyOf(requests[0])).not.toHaveProperty('approved');
  });

  it('should not ask for a tool that needs no approval', async () => {
    const { call, elicitations, extra } = harness();
    await call.call(session, { name: 'fs.read_file', arguments: {} }, elicit, extra);
    expect(elicitations).toEqual([]);
  });

  it('should run unapproved after a decline, and answer the pipeline refusal as a tool error', async () => {
    const { call, requests, extra } = harness({
      answer: { action: 'decline' },
      outcome: async () => {
        throw new AppException('approval_required', 'tool requires explicit approval');
      },
    });
    const result = await call.call(
      session,
      { name: 'fs.write_file', arguments: { path: 'a' } },
      elicit,
      extra,
    );
    expect(bodyOf(requests[0])).toEqual({ args: { path: 'a' } });
    expect(result.isError).toBe(true);
    expect(result._meta).toEqual({ 'workspace/error_code': 'approval_required' });
  });

  it('should let an unexpected error through to the caller', async () => {
    const { call, extra } = harness({
      outcome: async () => {
        throw new Error('boom');
      },
    });
    await expect(
      call.call(session, { name: 'fs.read_file', arguments: {} }, undefined, extra),
    ).rejects.toThrow('boom');
  });
});
