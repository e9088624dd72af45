import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer, kubernetesConfig } from '#app/testing';
import { createKubeClient } from './kube-client.js';
import { PodJanitor } from './pod-janitor.js';

const NS = 'swe-ai-fleet';
const ago = (seconds: number): string => new Date(Date.now() - seconds * 1000).toISOString();

describe('PodJanitor (protocol-fake Kubernetes API)', () => {
  let fake: FakeKubeApiServer;
  let dir: string;

  beforeEach(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'k8s-janitor-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pod = (
    name: string,
    app: string,
    labels: Record<string, string>,
    ageSeconds: number,
    phase = 'Running',
  ) =>
    fake.put('pods', NS, {
      metadata: { name, labels: { app, ...labels }, creationTimestamp: ago(ageSeconds) },
      status: { phase },
    });

  it('should delete terminal, orphaned and expired pods with their reasons and keep the others', async () => {
    pod('old-failed', 'workspace-session', { workspace_id: 'a' }, 400, 'Failed');
    pod('young-failed', 'workspace-session', { workspace_id: 'a' }, 10, 'Failed');
    pod('orphan', 'workspace-session', { workspace_id: 'gone' }, 200);
    pod('fresh-orphan', 'workspace-session', { workspace_id: 'gone' }, 30);
    pod('expired', 'workspace-session', { workspace_id: 'old' }, 200);
    pod('live', 'workspace-session', { workspace_id: 'live' }, 200);
    pod('unknown', 'workspace-session', { workspace_id: 'unknown' }, 9999);
    pod('broken-store', 'workspace-session', { workspace_id: 'boom' }, 9999);
    pod('task-expired', 'workspace-container-run', { workspace_session_id: 'old' }, 50);
    pod('task-done', 'workspace-container-run', { workspace_session_id: 'live' }, 400, 'Succeeded');
    const records: Record<string, { expires_at: string }> = {
      live: { expires_at: ago(-600) },
      old: { expires_at: ago(5) },
    };
    const closed: string[] = [];
    const logs: Array<Record<string, unknown>> = [];
    const client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig')) });
    const janitor = new PodJanitor(
      client.core,
      NS,
      kubernetesConfig().janitor,
      {
        find: async (id) => {
          if (id === 'boom') {
            throw new Error('store down');
          }
          return records[id] ?? null;
        },
        closeExpired: async (id) => {
          closed.push(id);
        },
      },
      { write: (_level, message, fields) => logs.push({ message, ...fields }) },
    );
    const deleted = await janitor.sweepOnce();
    expect(deleted.map(({ pod: name, reason }) => [name, reason]).sort()).toEqual([
      ['expired', 'session_expired'],
      ['old-failed', 'terminal_pod_ttl_expired'],
      ['orphan', 'session_not_found'],
      ['task-done', 'terminal_pod_ttl_expired'],
      ['task-expired', 'session_expired'],
    ]);
    expect(closed).toEqual(['old']);
    expect(
      fake
        .list('pods', NS)
        .map((entry) => entry.metadata.name)
        .sort(),
    ).toEqual(['broken-store', 'fresh-orphan', 'live', 'unknown', 'young-failed']);
    expect(logs.filter((line) => line['message'] === 'pod janitor: pod deleted')).toHaveLength(5);
  });

  it('should look a session up by the exact id annotation, not the normalised label', async () => {
    fake.put('pods', NS, {
      metadata: {
        name: 'mixed-case',
        labels: { app: 'workspace-session', workspace_id: 'k8s_e2e' },
        annotations: { 'workspace-service/session-id': 'K8s_E2E' },
        creationTimestamp: ago(600),
      },
      status: { phase: 'Running' },
    });
    const looked: string[] = [];
    const client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig')) });
    const janitor = new PodJanitor(
      client.core,
      NS,
      kubernetesConfig().janitor,
      {
        find: async (id) => {
          looked.push(id);
          return id === 'K8s_E2E' ? { expires_at: ago(-600) } : null;
        },
        closeExpired: async () => undefined,
      },
      { write: () => undefined },
    );
    expect(await janitor.sweepOnce()).toEqual([]);
    expect(looked).toEqual(['K8s_E2E']);
  });

  it('should keep a pod without a record past the grace while its provisioning deadline lasts (a fork streaming)', async () => {
    const annotated = (name: string, until: string) =>
      fake.put('pods', NS, {
        metadata: {
          name,
          labels: { app: 'workspace-session', workspace_id: name },
          annotations: {
            'workspace-service/session-id': name,
            'workspace-service/provisioning-until': until,
          },
          creationTimestamp: ago(600),
        },
        status: { phase: 'Running' },
      });
    annotated('forking', ago(-300));
    annotated('fork-abandoned', ago(10));
    annotated('garbled', 'not a time');
    const client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig')) });
    const janitor = new PodJanitor(
      client.core,
      NS,
      kubernetesConfig().janitor,
      { find: async () => null, closeExpired: async () => undefined },
      { write: () => undefined },
    );

    const deleted = await janitor.sweepOnce();

    expect(deleted.map(({ pod: name, reason }) => [name, reason]).sort()).toEqual([
      ['fork-abandoned', 'session_not_found'],
      ['garbled', 'session_not_found'],
    ]);
    expect(fake.list('pods', NS).map((entry) => entry.metadata.name)).toEqual(['forking']);
  });

  it('should log and carry on without throwing when the API server is unreachable', async () => {
    const client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig')) });
    await fake.close();
    const logs: string[] = [];
    const janitor = new PodJanitor(
      client.core,
      NS,
      kubernetesConfig().janitor,
      { find: async () => null, closeExpired: async () => undefined },
      {
        write: (_level, message) => logs.push(message),
      },
    );
    await expect(janitor.sweepOnce()).resolves.toEqual([]);
    expect(logs).toEqual(['pod janitor: listing pods failed', 'pod janitor: listing pods failed']);
    fake = await FakeKubeApiServer.start();
  });
});
