import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './support/test-app.js';

// The same application over a real TCP socket: the parser, headers and envelopes as a client sees them.
describe('over a real listening port', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => t.close());

  it('should create a session from a body sent without a content type and write a file', async () => {
    const created = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      body: JSON.stringify({ principal: { tenant_id: 'demo', actor_id: 'alice' } }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { session } = (await created.json()) as { session: { id: string } };
    const written = await fetch(`${base}/v1/sessions/${session.id}/tools/fs.write_file/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ approved: true, args: { path: 'a.txt', content: 'hola' } }),
    });
    expect(written.status).toBe(200);
    const body = (await written.json()) as { invocation: { output: { bytes_written: number } } };
    expect(body.invocation.output.bytes_written).toBe(4);
  });

  it('should answer HEAD on GET routes without a body and 404 with an envelope', async () => {
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: 'route not found', retryable: false },
    });
  });

  it('should refuse a body over 2 MiB with 413', async () => {
    const response = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      body: 'x'.repeat(3 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'payload_too_large',
    );
  });
});
