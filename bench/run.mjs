// npm run bench: every benchmark as a ratio against a baseline measured in the same run.
// BENCH_ONLY=read,valkey,session,search,policy,memory,mcp,sandbox selects suites; BENCH_ROUNDS, BENCH_SECONDS and
// BENCH_MEMORY_INVOCATIONS shorten or lengthen them. A full run rewrites the generated section of
// docs/PERFORMANCE.md; a partial run only prints.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, markdownTable, replaceGeneratedSection } from './lib/report.mjs';
import { removeSourceTree } from './lib/tree.mjs';
import { mcpSuite } from './suites/mcp.mjs';
import { memorySuite } from './suites/memory.mjs';
import { readSuite } from './suites/read.mjs';
import { policySuite, searchSuite } from './suites/search.mjs';
import { sandboxSuite } from './suites/sandbox.mjs';
import { sessionSuite } from './suites/session.mjs';
import { valkeySuite } from './suites/valkey.mjs';

const SUITES = {
  read: readSuite,
  valkey: valkeySuite,
  session: sessionSuite,
  search: searchSuite,
  policy: policySuite,
  memory: memorySuite,
  mcp: mcpSuite,
  sandbox: sandboxSuite,
};
const DOC_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'PERFORMANCE.md');

const settings = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  warmupSeconds: 1,
  durationSeconds: Number(process.env.BENCH_SECONDS ?? 2),
  memoryInvocations: Number(process.env.BENCH_MEMORY_INVOCATIONS ?? 100_000),
};

function selected() {
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = only.filter((name) => !(name in SUITES));
  if (unknown.length > 0) {
    throw new Error(
      `unknown BENCH_ONLY suite(s): ${unknown.join(', ')} (known: ${Object.keys(SUITES).join(', ')})`,
    );
  }
  return only.length === 0 ? Object.keys(SUITES) : only;
}

const log = (line) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main() {
  const names = selected();
  const started = Date.now();
  const results = [];
  try {
    for (const name of names) {
      results.push(...(await SUITES[name](settings, log)));
    }
  } finally {
    await removeSourceTree();
  }
  const env = {
    ...machine(),
    seconds: Math.round((Date.now() - started) / 1000),
    settings,
    suites: names,
  };
  const table = markdownTable(results);
  process.stdout.write(
    `\n${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, Node ${env.node}, load average ${env.load}\n\n${table}\n`,
  );
  if (names.length === Object.keys(SUITES).length) {
    await writeFile(
      DOC_PATH,
      replaceGeneratedSection(await readFile(DOC_PATH, 'utf8'), results, env),
    );
    process.stdout.write(`\nwrote the generated section of ${DOC_PATH}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
