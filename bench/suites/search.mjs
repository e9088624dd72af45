// (d) fs.search over a 10k-file workspace vs ripgrep on the same directory, and the static policy
// evaluated alone in a loop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PolicyEngine } from '../../dist/libs/policy/src/index.js';
import { ToolRegistry } from '../../dist/libs/tool-registry/src/index.js';
import { WorkspaceRuntimeFactory } from '../../dist/libs/workspace/src/index.js';
import { result, skipped } from '../lib/result.mjs';
import { createSession, deleteSession, postJson, startService } from '../lib/service.mjs';
import { median, percentile, spread, timed } from '../lib/stats.mjs';
import { NEEDLE, sourceTree } from '../lib/tree.mjs';

const run = promisify(execFile);

export async function searchSuite(settings, log) {
  const service = await startService();
  const results = [];
  try {
    const { tree, files, needleFiles } = await sourceTree();
    const session = await createSession(service.baseUrl, { source_repo_path: tree });
    const url = `${service.baseUrl}/v1/sessions/${session.id}/tools/fs.search/invoke`;
    const search = async () => {
      const { status, body } = await postJson(url, {
        args: { pattern: NEEDLE, max_results: 2000 },
      });
      if (status !== 200 || body.invocation.output.count !== needleFiles) {
        throw new Error(`fs.search failed: ${status} ${JSON.stringify(body).slice(0, 300)}`);
      }
    };
    const ripgrep = async () => {
      const { stdout } = await run(
        'rg',
        ['--no-config', '--no-ignore', '--hidden', '-n', NEEDLE, '.'],
        {
          cwd: session.workspace_path,
        },
      );
      if (stdout.trim().split('\n').length !== needleFiles) {
        throw new Error(`rg found an unexpected number of matches: ${stdout}`);
      }
    };
    let rgAvailable = true;
    await ripgrep().catch(() => {
      rgAvailable = false;
    });
    if (!rgAvailable) {
      results.push(skipped('search', 'fs.search vs rg', 'ripgrep (rg) is not installed'));
    } else {
      const rounds = Math.max(settings.rounds, 5);
      log(`search: ${files}-file tree, ${rounds} rounds`);
      await search();
      const serviceMs = [];
      const rgMs = [];
      const ratios = [];
      for (let round = 0; round < rounds; round += 1) {
        serviceMs.push((await timed(search)).ms);
        rgMs.push((await timed(ripgrep)).ms);
        ratios.push(serviceMs.at(-1) / rgMs.at(-1));
      }
      results.push(
        result({
          suite: 'search',
          name: `fs.search over ${files} files (${needleFiles} matches)`,
          value: median(serviceMs),
          baseline: median(rgMs),
          baselineLabel: 'rg',
          unit: 'ms',
          ratio: median(ratios),
          ratioSpread: spread(ratios),
          target: { cmp: '<=', value: 1.5 },
          note: 'HTTP request vs rg process (spawn included), both on the same directory',
        }),
      );
    }
    await deleteSession(service.baseUrl, session.id);
  } finally {
    await service.close();
  }
  return results;
}

export async function policySuite(settings, log) {
  const service = await startService();
  try {
    const engine = service.app.get(PolicyEngine);
    const capability = service.app.get(ToolRegistry).get('fs.read_file').capability;
    const runtimes = service.app.get(WorkspaceRuntimeFactory);
    const { session } = service;
    const input = { capability, session, args: { path: 'bench.txt' }, approved: false };
    const iterations = 20_000;
    const sample = async (withWorkspace) => {
      const durations = [];
      for (let i = 0; i < iterations; i += 1) {
        // A fresh runtime per evaluation, as the pipeline builds one per invocation.
        const workspace = withWorkspace ? runtimes.forSession(session) : undefined;
        const start = process.hrtime.bigint();
        const decision = await engine.evaluate({ ...input, workspace });
        durations.push(Number(process.hrtime.bigint() - start) / 1000);
        if (!decision.allowed) {
          throw new Error(`policy denied the bench input: ${decision.message}`);
        }
      }
      return durations.slice(iterations / 10);
    };
    log(`policy: ${iterations} evaluations with and without real-path containment`);
    const full = await sample(true);
    const lexical = await sample(false);
    return [
      result({
        suite: 'policy',
        name: 'StaticPolicyEngine.evaluate fs.read_file, real-path containment: p50',
        value: median(full),
        unit: 'µs',
        target: { cmp: '<=', value: 50 },
        note: `p99 ${percentile(full, 99).toFixed(1)} µs; rules only (no workspace): p50 ${median(lexical).toFixed(1)} µs, p99 ${percentile(lexical, 99).toFixed(1)} µs`,
      }),
    ];
  } finally {
    await service.close();
  }
}
