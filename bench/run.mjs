// npm run bench: the full invoke path vs. a bare Fastify route, measured in one process on loopback.
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBaseline } from './lib/baseline.mjs';
import { measure } from './lib/load.mjs';
import { compare, machine, markdownTable, performanceDoc, problems } from './lib/report.mjs';
import { startService } from './lib/service.mjs';

const CONNECTIONS = [1, 16, 64];
const SETTINGS = { warmupSeconds: 1, durationSeconds: 5 };
const DOC_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'PERFORMANCE.md');

async function main() {
  const service = await startService();
  let baseline;
  try {
    baseline = await startBaseline(service.filePath);
    const rows = [];
    for (const connections of CONNECTIONS) {
      process.stdout.write(`measuring ${connections} connection(s)...\n`);
      const serviceResult = await measure(service.invokeUrl, connections, SETTINGS);
      const bareResult = await measure(baseline.url, connections, SETTINGS);
      rows.push(compare(serviceResult, bareResult));
    }
    const env = machine();
    process.stdout.write(`\n${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, Node ${env.node}\n\n`);
    process.stdout.write(`${markdownTable(rows)}\n`);
    for (const issue of problems(rows)) {
      process.stdout.write(`WARNING: ${issue}\n`);
    }
    await writeFile(DOC_PATH, performanceDoc(rows, env, SETTINGS));
    process.stdout.write(`\nwrote ${DOC_PATH}\n`);
  } finally {
    await baseline?.close();
    await service.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
