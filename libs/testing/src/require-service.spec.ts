import { jest } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { requireService } from './require-service.js';

describe('requireService', () => {
  let server: Server;
  let openPort: number;
  let closedPort: number;
  const savedCi = process.env['CI'];

  beforeAll(async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    closedPort = (probe.address() as { port: number }).port;
    probe.close();
    server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    openPort = (server.address() as { port: number }).port;
  });

  afterAll(() => {
    server.close();
  });

  afterEach(() => {
    if (savedCi === undefined) {
      delete process.env['CI'];
    } else {
      process.env['CI'] = savedCi;
    }
    jest.restoreAllMocks();
  });

  it('should report true when the service listens', async () => {
    expect(await requireService('Probe', '127.0.0.1', openPort)).toBe(true);
  });

  it('should warn loudly and report false when the service is down outside CI', async () => {
    delete process.env['CI'];
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    expect(await requireService('Probe', '127.0.0.1', closedPort)).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(`SKIPPING TESTS: Probe is not reachable at 127.0.0.1:${closedPort}`),
    );
  });

  it('should throw when the service is down under CI=true', async () => {
    process.env['CI'] = 'true';

    await expect(requireService('Probe', '127.0.0.1', closedPort)).rejects.toThrow(
      /CI=true requires it/,
    );
  });
});
