import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import type { JanitorConfig } from '#app/config';
import { ignoreNotFound } from './kube-api-errors.js';
import {
  CONTAINER_RUN_POD_APP,
  PROVISIONING_UNTIL_ANNOTATION,
  SESSION_ID_ANNOTATION,
  SESSION_POD_APP,
} from './pod-names.js';

/** What the janitor needs from the session side; store errors are thrown and make it skip a pod. */
export interface JanitorSessions {
  find(sessionId: string): Promise<{ expires_at: string } | null>;
  /** Deletes the expired record (and with it the session's pods). */
  closeExpired(sessionId: string): Promise<void>;
}

export type JanitorReason = 'terminal_pod_ttl_expired' | 'session_not_found' | 'session_expired';

export interface JanitorDeletion {
  pod: string;
  kind: 'session' | 'container-run';
  reason: JanitorReason;
}

export interface JanitorLogger {
  write(level: 'info' | 'warn', message: string, fields: Record<string, unknown>): void;
}

const TERMINAL_PHASES = new Set(['Succeeded', 'Failed', 'Unknown']);

/**
 * API.md 8.7: deletes terminal, orphaned and expired session pods and container-run pods in the
 * configured namespace. One pass never throws: every failure is logged and the pass goes on.
 */
export class PodJanitor {
  constructor(
    private readonly core: CoreV1Api,
    private readonly namespace: string,
    private readonly config: JanitorConfig,
    private readonly sessions: JanitorSessions,
    private readonly logger: JanitorLogger,
    private readonly now: () => number = Date.now,
  ) {}

  async sweepOnce(): Promise<JanitorDeletion[]> {
    const deleted: JanitorDeletion[] = [];
    for (const kind of ['session', 'container-run'] as const) {
      try {
        await this.sweepKind(kind, deleted);
      } catch (error) {
        this.logger.write('warn', 'pod janitor: listing pods failed', {
          kind,
          namespace: this.namespace,
          error,
        });
      }
    }
    return deleted;
  }

  private async sweepKind(
    kind: 'session' | 'container-run',
    deleted: JanitorDeletion[],
  ): Promise<void> {
    const session = kind === 'session';
    const app = session ? SESSION_POD_APP : CONTAINER_RUN_POD_APP;
    const idLabel = session ? 'workspace_id' : 'workspace_session_id';
    const terminalTtl = session
      ? this.config.sessionPodTerminalTtlSeconds
      : this.config.containerPodTerminalTtlSeconds;
    const list = await this.core.listNamespacedPod({
      namespace: this.namespace,
      labelSelector: `app=${app}`,
    });
    for (const pod of list.items) {
      const name = pod.metadata?.name;
      if (!name || pod.metadata?.deletionTimestamp) {
        continue;
      }
      try {
        const reason = await this.verdict(pod, session, idLabel, terminalTtl);
        if (reason !== null) {
          await ignoreNotFound(this.core.deleteNamespacedPod({ name, namespace: this.namespace }));
          deleted.push({ pod: name, kind, reason });
          this.logger.write('info', 'pod janitor: pod deleted', {
            pod: name,
            namespace: this.namespace,
            kind,
            reason,
          });
        }
      } catch (error) {
        this.logger.write('warn', 'pod janitor: pod skipped', {
          pod: name,
          namespace: this.namespace,
          kind,
          error,
        });
      }
    }
  }

  private async verdict(
    pod: V1Pod,
    session: boolean,
    idLabel: string,
    terminalTtl: number,
  ): Promise<JanitorReason | null> {
    const age = this.ageSeconds(pod);
    if (TERMINAL_PHASES.has(pod.status?.phase ?? '')) {
      return age > terminalTtl ? 'terminal_pod_ttl_expired' : null;
    }
    // The annotation has the exact id; the label (normalised, API.md 8.7) is the fallback for pods
    // created without it.
    const id =
      pod.metadata?.annotations?.[SESSION_ID_ANNOTATION] ?? pod.metadata?.labels?.[idLabel] ?? '';
    if (id === '' || id === 'unknown') {
      return null;
    }
    let record: { expires_at: string } | null;
    try {
      record = await this.sessions.find(id);
    } catch {
      return null;
    }
    if (record === null) {
      if (this.stillProvisioning(pod)) {
        return null;
      }
      return age > this.config.missingSessionGraceSeconds ? 'session_not_found' : null;
    }
    if (Date.parse(record.expires_at) <= this.now()) {
      if (session) {
        await this.sessions.closeExpired(id);
      }
      return 'session_expired';
    }
    return null;
  }

  /** A fork's pod has no record until its workspace is streamed in, which may outlast the grace. */
  private stillProvisioning(pod: V1Pod): boolean {
    const until = Date.parse(pod.metadata?.annotations?.[PROVISIONING_UNTIL_ANNOTATION] ?? '');
    return !Number.isNaN(until) && this.now() < until;
  }

  private ageSeconds(pod: V1Pod): number {
    const created = pod.metadata?.creationTimestamp as Date | string | undefined;
    const at = created === undefined ? Number.NaN : new Date(created).getTime();
    return Number.isNaN(at) ? 0 : (this.now() - at) / 1000;
  }
}
