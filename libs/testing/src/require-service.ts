import { connect } from 'node:net';
import { snapshotProcessEnvironment } from '#app/config';

/**
 * Whether a real service (Redis, NATS, RabbitMQ…) listens on a loopback port, for tests that need
 * one. Unreachable: a loud warning and `false` (the caller skips), except under `CI=true`, where
 * it throws so CI never passes by skipping.
 */
export async function requireService(
  name: string,
  host: string,
  port: number,
  timeoutMs = 1000,
): Promise<boolean> {
  if (await isListening(host, port, timeoutMs)) {
    return true;
  }
  const notice = `${name} is not reachable at ${host}:${port}`;
  if (snapshotProcessEnvironment()['CI'] === 'true') {
    throw new Error(`${notice}; CI=true requires it`);
  }
  console.warn(
    `\n!!! SKIPPING TESTS: ${notice}; start it to run them (CI=true fails instead) !!!\n`,
  );
  return false;
}

export function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (up: boolean): void => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
