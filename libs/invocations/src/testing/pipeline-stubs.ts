import { join } from 'node:path';
import type { Invocation, Session } from '#app/contracts';
import { type CorrelationKey, type InlineBlob, MemoryInvocationStore } from '#app/stores';
import { type WorkspaceRuntime, WorkspaceManager, WorkspaceRuntimeFactory } from '#app/workspace';
import { fixtureClock } from './fixture-state.js';

/** Sessions live in a temp dir; the runtime is a stub (fixture tools never touch files). */
export class StubWorkspaceManager extends WorkspaceManager {
  readonly backend = 'local' as const;
  constructor(private readonly root: string) {
    super();
  }
  async create({ sessionId }: { sessionId: string }) {
    const workspacePath = join(this.root, sessionId);
    return { workspacePath, runtime: { kind: 'local' as const, workdir: workspacePath } };
  }
  async destroy(): Promise<void> {}
  async exists(): Promise<boolean> {
    return true;
  }
  async removeOrphans(): Promise<number> {
    return 0;
  }
}

export class StubRuntimeFactory extends WorkspaceRuntimeFactory {
  forSession(session: Session): WorkspaceRuntime {
    return { session, resolve: async (path: string) => path } as unknown as WorkspaceRuntime;
  }
}

/**
 * A memory store whose next running or terminal save, or next correlation claim, fails with a plain
 * error (a Valkey connection reset looks like this to the pipeline).
 */
export class FlakyInvocationStore extends MemoryInvocationStore {
  failNext: 'none' | 'running' | 'terminal' | 'claim' = 'none';

  constructor() {
    super(fixtureClock, 0);
  }

  override async save(invocation: Invocation): Promise<void> {
    if (invocation.status === 'running') {
      this.failIf('running');
    }
    await super.save(invocation);
  }

  // Every terminal save comes here (with or without inline blobs): failing it writes nothing.
  override async saveTerminal(final: Invocation, blobs: readonly InlineBlob[]): Promise<void> {
    this.failIf('terminal');
    await super.saveTerminal(final, blobs);
  }

  private failIf(phase: 'running' | 'terminal'): void {
    if (this.failNext === phase) {
      this.failNext = 'none';
      throw new Error('disk full');
    }
  }

  override async claimCorrelation(
    key: CorrelationKey,
    invocationId: string,
  ): Promise<string | null> {
    if (this.failNext === 'claim') {
      this.failNext = 'none';
      throw new Error('connection reset by peer');
    }
    return super.claimCorrelation(key, invocationId);
  }
}
