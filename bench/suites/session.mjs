// (c) session creation: an empty session's latency, and a 10k-file source_repo_path copy vs `cp -a`.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { result } from '../lib/result.mjs';
import { createSession, deleteSession, startService } from '../lib/service.mjs';
import { median, percentile, spread, timed } from '../lib/stats.mjs';
import { sourceTree } from '../lib/tree.mjs';

const run = promisify(execFile);
const EMPTY_SESSIONS = 60;

export async function sessionSuite(settings, log) {
  const service = await startService();
  const results = [];
  try {
    log(`session: ${EMPTY_SESSIONS} empty sessions`);
    const latencies = [];
    for (let i = 0; i < EMPTY_SESSIONS; i += 1) {
      const { ms, value: session } = await timed(() => createSession(service.baseUrl));
      latencies.push(ms);
      await deleteSession(service.baseUrl, session.id);
    }
    const steady = latencies.slice(10);
    results.push(
      result({
        suite: 'session',
        name: 'create empty session: p50',
        value: median(steady),
        unit: 'ms',
        target: { cmp: '<=', value: 10 },
        note: `p99 ${percentile(steady, 99).toFixed(2)} ms over ${steady.length} creates (after 10 warm-up)`,
      }),
    );

    const { root, tree, files } = await sourceTree();
    log(`session: ${files}-file source_repo_path vs cp -a, ${settings.rounds} rounds`);
    const ratios = [];
    const serviceMs = [];
    const copyMs = [];
    for (let round = 0; round < settings.rounds; round += 1) {
      const destination = join(root, `cp-${round}`);
      const copy = async () => {
        copyMs.push((await timed(() => run('cp', ['-a', tree, destination]))).ms);
      };
      const create = async () => {
        const { ms, value: session } = await timed(() =>
          createSession(service.baseUrl, { source_repo_path: tree }),
        );
        serviceMs.push(ms);
        await deleteSession(service.baseUrl, session.id);
      };
      if (round % 2 === 0) {
        await create();
        await copy();
      } else {
        await copy();
        await create();
      }
      await rm(destination, { recursive: true, force: true });
      ratios.push(serviceMs.at(-1) / copyMs.at(-1));
    }
    results.push(
      result({
        suite: 'session',
        name: `create session with ${files}-file source_repo_path`,
        value: median(serviceMs),
        baseline: median(copyMs),
        baselineLabel: 'cp -a',
        unit: 'ms',
        ratio: median(ratios),
        ratioSpread: spread(ratios),
        target: { cmp: '<=', value: 1.2 },
      }),
    );
  } finally {
    await service.close();
  }
  return results;
}
