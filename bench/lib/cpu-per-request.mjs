// CPU µs per request (user + system of this process, thread pool included) over a fixed number of
// requests, A and B alternating (A first in even rounds). Far less sensitive to the other load of a
// shared machine than req/s. The load generator runs in this process too, on both sides alike, as
// in bench/tools/cpu-cost.mjs.
import autocannon from 'autocannon';
import { REQUEST_BODY } from './load.mjs';
import { median, spread } from './stats.mjs';

async function cpuPerRequest(url, amount, connections) {
  const before = process.cpuUsage();
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REQUEST_BODY,
    connections,
    amount,
  });
  const cpu = process.cpuUsage(before);
  return { us: (cpu.user + cpu.system) / amount, failures: result.non2xx + result.errors };
}

export async function compareCpu(aUrl, bUrl, { rounds, amount = 3000, connections = 16 }) {
  await cpuPerRequest(aUrl, 500, connections); // warm-up
  await cpuPerRequest(bUrl, 500, connections);
  const a = [];
  const b = [];
  let failures = 0;
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? [aUrl, bUrl] : [bUrl, aUrl];
    const first = await cpuPerRequest(order[0], amount, connections);
    const second = await cpuPerRequest(order[1], amount, connections);
    const [ra, rb] = round % 2 === 0 ? [first, second] : [second, first];
    a.push(ra.us);
    b.push(rb.us);
    failures += ra.failures + rb.failures;
  }
  return {
    a: median(a),
    b: median(b),
    ratio: spread(a.map((value, index) => value / b[index])),
    failures,
  };
}
