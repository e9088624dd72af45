// Runs autocannon (programmatic API) against one POST endpoint: a warm-up, then the measured run.
import autocannon from 'autocannon';

export const REQUEST_BODY = JSON.stringify({ args: { path: 'bench.txt' } });

export async function measure(url, connections, { warmupSeconds, durationSeconds }) {
  const options = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REQUEST_BODY,
    connections,
  };
  if (warmupSeconds > 0) {
    await autocannon({ ...options, duration: warmupSeconds });
  }
  const result = await autocannon({ ...options, duration: durationSeconds });
  return {
    connections,
    requestsPerSecond: result.requests.mean,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
