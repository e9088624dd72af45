import type { JanitorConfig } from '#app/config';
import { type KubeClient, PodJanitor } from '#app/kubernetes';
import {
  type JanitorLogger,
  type JanitorSessions,
  WorkspaceJanitor,
} from '../workspace-janitor.port.js';

/** The pod janitor (API.md 8.7) in the configured namespace, every `intervalSeconds` when enabled. */
export class PodWorkspaceJanitor extends WorkspaceJanitor {
  readonly intervalMs: number | null;

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly config: JanitorConfig,
  ) {
    super();
    this.intervalMs = config.enabled ? config.intervalSeconds * 1000 : null;
  }

  override async sweepOnce(sessions: JanitorSessions, logger: JanitorLogger): Promise<void> {
    await new PodJanitor(
      this.client.core,
      this.namespace,
      this.config,
      sessions,
      logger,
    ).sweepOnce();
  }
}
