import type { Capability, LogLine, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { PolicyEngine, PolicyInput } from '#app/policy';
import type {
  RegisteredTool,
  ToolContext,
  ToolHandler,
  ToolRegistry,
  ToolResult,
} from '#app/tool-registry';
import type { WorkspaceRuntime } from '#app/workspace';
import { GovernedNestedToolInvoker } from './governed-nested-tool.invoker.js';
import type { RuntimeGuard } from './guards/runtime.guard.js';

const capability = {
  name: 'repo.build',
  constraints: { timeout_seconds: 1 },
} as unknown as Capability;

function harness(
  handler: ToolHandler,
  options: { valid?: boolean; refusal?: string | null; policy?: PolicyEngine['evaluate'] } = {},
) {
  const seen: { policy?: PolicyInput; context?: ToolContext } = {};
  const tool: RegisteredTool = { capability, handler, source: 'BuildTool' };
  const registry = {
    get: (name: string) => (name === 'repo.build' ? tool : undefined),
    validateArgs: (_name: string, args: Record<string, unknown>) =>
      options.valid === false
        ? { ok: false, message: 'invalid args: /target must be string' }
        : { ok: true, args: { ...args, checked: true }, toolArgs: { ...args, checked: true } },
  } as unknown as ToolRegistry;
  const runtime = { refusal: () => options.refusal ?? null } as unknown as RuntimeGuard;
  const policy = {
    evaluate: async (input: PolicyInput) => {
      seen.policy = input;
      return options.policy ? options.policy(input) : { allowed: true as const };
    },
    explain: () => Promise.reject(new Error('a nested call is never explained')),
  };
  const caller: ToolContext = {
    invocationId: 'inv-1',
    toolName: 'ci.run_pipeline',
    session: { id: 'session-1' } as Session,
    args: { fail_fast: true },
    approved: true,
    signal: new AbortController().signal,
    workspace: {} as WorkspaceRuntime,
  };
  return { invoker: new GovernedNestedToolInvoker(registry, runtime, policy), caller, seen };
}

const recording = (seen: { context?: ToolContext }): ToolHandler => ({
  execute: async (context) => {
    seen.context = context;
    return { output: { ok: true } };
  },
});

describe('GovernedNestedToolInvoker', () => {
  it('should run the callee with its validated args, its own name and the caller session and approval', async () => {
    const inner: { context?: ToolContext } = {};
    const { invoker, caller, seen } = harness(recording(inner));

    const result = await invoker.invoke(caller, 'repo.build', { target: 'all' });

    expect(result).toEqual({ output: { ok: true } });
    expect(inner.context).toMatchObject({
      toolName: 'repo.build',
      args: { target: 'all', checked: true },
      session: caller.session,
    });
    expect(seen.policy).toMatchObject({
      capability,
      approved: true,
      args: { target: 'all', checked: true },
    });
  });

  it('should refuse invalid args, a runtime refusal and a policy denial without running the callee', async () => {
    const inner: { context?: ToolContext } = {};
    const invalid = harness(recording(inner), { valid: false });
    const gated = harness(recording(inner), { refusal: 'tool requires kubernetes runtime' });
    const denied = harness(recording(inner), {
      policy: async () => ({
        allowed: false,
        code: 'approval_required',
        message: 'approval required',
      }),
    });

    await expect(invalid.invoker.invoke(invalid.caller, 'repo.build', {})).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(gated.invoker.invoke(gated.caller, 'repo.build', {})).rejects.toMatchObject({
      code: 'policy_denied',
    });
    await expect(denied.invoker.invoke(denied.caller, 'repo.build', {})).rejects.toMatchObject({
      code: 'approval_required',
    });
    await expect(denied.invoker.invoke(denied.caller, 'repo.nope', {})).rejects.toBeInstanceOf(
      AppException,
    );
    expect(inner.context).toBeUndefined();
  });

  it('should answer timeout at the callee deadline even when the callee ignores its signal', async () => {
    let signal: AbortSignal | undefined;
    const ignoring: ToolHandler = {
      execute: async (context) => {
        signal = context.signal;
        return new Promise<ToolResult>((resolve) =>
          setTimeout(() => resolve({ output: { late: true } }), 3000).unref(),
        );
      },
    };
    const { invoker, caller } = harness(ignoring);

    const result = await invoker.invoke(caller, 'repo.build', {});

    expect(result.error).toEqual({
      code: 'timeout',
      message: 'tool timed out after 1s',
      retryable: true,
    });
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe('deadline');
  });

  it('should forward the caller cancellation to the callee', async () => {
    const callerController = new AbortController();
    const cancellable: ToolHandler = {
      execute: (context) =>
        new Promise<ToolResult>((resolve) => {
          const stop = (): void =>
            resolve({
              error: { code: 'execution_failed', message: String(context.signal.reason) },
            });
          if (context.signal.aborted) {
            stop();
          }
          context.signal.addEventListener('abort', stop);
        }),
    };
    const { invoker, caller } = harness(cancellable);

    const running = invoker.invoke(
      { ...caller, signal: callerController.signal },
      'repo.build',
      {},
    );
    callerController.abort('session_closed');

    expect((await running).error).toEqual({ code: 'execution_failed', message: 'session_closed' });
  });

  it("should pass the callee's live lines to the caller's progress until the callee is over", async () => {
    const heard: LogLine[] = [];
    let late: ((line: LogLine) => void) | undefined;
    const chatty: ToolHandler = {
      execute: async (context) => {
        context.progress?.log({ at: 't1', channel: 'stdout', message: 'nested line' });
        late = (line) => context.progress?.log(line);
        return { output: { ok: true } };
      },
    };
    const { invoker, caller } = harness(chatty);

    await invoker.invoke(
      { ...caller, progress: { log: (line) => heard.push(line) } },
      'repo.build',
      {},
    );
    late?.({ at: 't2', channel: 'stdout', message: 'after the nested call returned' });

    expect(heard).toEqual([{ at: 't1', channel: 'stdout', message: 'nested line' }]);
  });

  it('should give the callee no progress when the caller has none', async () => {
    const inner: { context?: ToolContext } = {};
    const { invoker, caller } = harness(recording(inner));

    await invoker.invoke(caller, 'repo.build', {});

    expect(inner.context).toBeDefined();
    expect(inner.context?.progress).toBeUndefined();
  });
});
