// Profiling driver: `node --cpu-prof --cpu-prof-dir=<dir> bench/tools/profile.mjs` boots the service and loads
// fs.read_file with autocannon in the same process for a few seconds (see docs/PERFORMANCE.md, "Profile").
import autocannon from 'autocannon';
import { REQUEST_BODY } from '../lib/load.mjs';
import { startService } from '../lib/service.mjs';

const service = await startService({ parent: process.env.PROFILE_PARENT });
try {
  const result = await autocannon({
    url: service.invokeUrl,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REQUEST_BODY,
    connections: Number(process.env.PROFILE_CONNECTIONS ?? 16),
    duration: Number(process.env.PROFILE_SECONDS ?? 8),
  });
  process.stdout.write(
    `req/s ${result.requests.mean} p99 ${result.latency.p99} non2xx ${result.non2xx}\n`,
  );
} finally {
  await service.close();
}
