// Interleaved A/B load runs: each round measures both sides back to back (alternating which goes
// first), so the background load of this shared machine hits both; the ratios are per round.
import { measure } from './load.mjs';
import { median, spread } from './stats.mjs';

export async function compareLoads(
  urlA,
  urlB,
  connections,
  { rounds, warmupSeconds, durationSeconds },
) {
  const throughput = [];
  const p99 = [];
  const a = [];
  const b = [];
  for (let round = 0; round < rounds; round += 1) {
    const settings = {
      warmupSeconds: round === 0 ? warmupSeconds : Math.min(warmupSeconds, 0.5),
      durationSeconds,
    };
    let resultA;
    let resultB;
    if (round % 2 === 0) {
      resultA = await measure(urlA, connections, settings);
      resultB = await measure(urlB, connections, settings);
    } else {
      resultB = await measure(urlB, connections, settings);
      resultA = await measure(urlA, connections, settings);
    }
    a.push(resultA);
    b.push(resultB);
    throughput.push(resultA.requestsPerSecond / resultB.requestsPerSecond);
    // autocannon reports whole milliseconds; a sub-millisecond p99 counts as 1 ms.
    p99.push(Math.max(resultA.p99, 1) / Math.max(resultB.p99, 1));
  }
  const summary = (results) => ({
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    failures: results.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
  });
  return { a: summary(a), b: summary(b), throughput: spread(throughput), p99: spread(p99) };
}
