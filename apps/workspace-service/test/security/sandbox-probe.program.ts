/**
 * The probe a hostile test suite would run (finding 2 of issue 11), as CommonJS source written
 * into the project under test. It tries every escape it knows and writes a JSON report of what it
 * reached to `<report>` in its own workspace: `node probe.js <config.json> <report.json>`.
 */
export const PROBE_PROGRAM = String.raw`
const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');
const [configPath, reportPath] = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
const report = { environ: [], pids: [], reads: {}, writes: {}, listings: {}, connected: [], errors: {} };

function attempt(key, fn) {
  try { return fn(); } catch (error) { report.errors[key] = error.code || String(error.message); return undefined; }
}

// Every environment the probe can read: its own namespace's /proc and the service's pid.
for (const entry of attempt('proc', () => fs.readdirSync('/proc')) || []) {
  if (/^\d+$/.test(entry)) {
    report.pids.push(Number(entry));
    const text = attempt('environ ' + entry, () => fs.readFileSync('/proc/' + entry + '/environ', 'latin1'));
    if (text && text.includes(config.secret)) report.environ.push(entry);
  }
}
const servicePidEnv = attempt('service environ', () => fs.readFileSync('/proc/' + config.servicePid + '/environ', 'latin1'));
if (servicePidEnv && servicePidEnv.includes(config.secret)) report.environ.push('service:' + config.servicePid);

for (const [key, path] of Object.entries(config.readFiles)) {
  const text = attempt('read ' + key, () => fs.readFileSync(path, 'utf8'));
  if (text !== undefined) report.reads[key] = text.slice(0, 200);
}
for (const [key, path] of Object.entries(config.writeFiles)) {
  if (attempt('write ' + key, () => { fs.writeFileSync(path, 'pwned'); return true; })) report.writes[key] = path;
}
for (const [key, path] of Object.entries(config.listDirs)) {
  const entries = attempt('list ' + key, () => fs.readdirSync(path));
  if (entries !== undefined) report.listings[key] = entries;
}

// A daemon that would outlive the run: it blocks on a FIFO, then writes a marker.
if (config.daemonFifo) {
  spawn('setsid', ['sh', '-c', 'touch ' + config.daemonStarted + '; read line < ' + config.daemonFifo + '; echo escaped > ' + config.daemonMarker], { detached: true, stdio: 'ignore' }).unref();
}
const daemonStarted = () => new Promise((resolve) => {
  const poll = () => (!config.daemonStarted || fs.existsSync(config.daemonStarted) ? resolve() : setTimeout(poll, 20));
  poll();
});

function tryConnect([host, port]) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome) => { socket.destroy(); resolve(outcome); };
    socket.setTimeout(3000, () => done('timeout'));
    socket.once('connect', () => { report.connected.push(host + ':' + port); done('connected'); });
    socket.once('error', (error) => { report.errors['tcp ' + host + ':' + port] = error.code; done(error.code); });
  });
}

(async () => {
  for (const target of config.targets) await tryConnect(target);
  await daemonStarted();
  fs.writeFileSync(reportPath, JSON.stringify(report, null, 2));
  process.exit(0);
})();
`;
