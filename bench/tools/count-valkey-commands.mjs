// Counts the Valkey commands (and round trips) one fs.read_file invocation costs with Valkey stores.
// Needs a PRIVATE Valkey/Redis (MONITOR sees every client): COUNT_VALKEY_ADDR, default 127.0.0.1:6391.
//   redis-server --port 6391 --save '' --appendonly no --daemonize yes
//   node bench/tools/count-valkey-commands.mjs [invocations=20]
import Redis from 'ioredis';
import { postJson, startService } from '../lib/service.mjs';

const ADDR = process.env.COUNT_VALKEY_ADDR ?? '127.0.0.1:6391';
const INVOCATIONS = Number(process.argv[2] ?? 20);
const [host, port] = [
  ADDR.slice(0, ADDR.lastIndexOf(':')),
  Number(ADDR.slice(ADDR.lastIndexOf(':') + 1)),
];
const prefix = `wes-count-${process.pid}`;

const service = await startService({
  env: {
    INVOCATION_STORE_BACKEND: 'valkey',
    SESSION_STORE_BACKEND: 'valkey',
    VALKEY_ADDR: ADDR,
    INVOCATION_STORE_KEY_PREFIX: `${prefix}:invocation`,
    SESSION_STORE_KEY_PREFIX: `${prefix}:session`,
  },
});
// Warm-up (connections, scripts loaded), then watch.
for (let i = 0; i < 5; i += 1) await postJson(service.invokeUrl, { args: { path: 'bench.txt' } });
await new Promise((r) => setTimeout(r, 300));

const monitor = new Redis({ host, port });
const commands = [];
const m = await monitor.monitor();
m.on('monitor', (time, args, source) =>
  commands.push({
    time,
    name: String(args[0]).toLowerCase(),
    args,
    lua: String(source).includes('lua'),
  }),
);
await new Promise((r) => setTimeout(r, 200));
commands.length = 0;
for (let i = 0; i < INVOCATIONS; i += 1) {
  const { status } = await postJson(service.invokeUrl, { args: { path: 'bench.txt' } });
  if (status !== 200) throw new Error(`status ${status}`);
}
await new Promise((r) => setTimeout(r, 500));
m.disconnect();
monitor.disconnect();
await service.close();

// A round trip is one command the client sent and awaited: MULTI…EXEC counts once (ioredis sends
// the whole transaction in one write), and the calls a script makes (source "lua") not at all.
const byName = new Map();
let roundTrips = 0;
let inTransaction = false;
for (const c of commands) {
  byName.set(c.name, (byName.get(c.name) ?? 0) + 1);
  if (c.lua) continue;
  if (c.name === 'multi') inTransaction = true;
  else if (c.name === 'exec') inTransaction = false;
  if (!inTransaction) roundTrips += 1;
}
const per = (n) => (n / INVOCATIONS).toFixed(2);
console.log(
  `${INVOCATIONS} invocations: ${per(roundTrips)} round trips and ${per(commands.length)} commands (script-internal included) per invocation`,
);
console.log(
  [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `  ${name} ${per(n)}`)
    .join('\n'),
);
if (process.env.COUNT_VERBOSE) {
  for (const c of commands.slice(0, 40)) {
    console.log(
      c.lua ? '    (lua)' : '',
      c.args
        .map(String)
        .map((a) => a.slice(0, 50))
        .join(' '),
    );
  }
}
