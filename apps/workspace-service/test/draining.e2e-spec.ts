import { ServiceState } from '#app/http';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('while draining (API.md 12.2, 12.3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(ServiceState).draining = true;
  });
  afterAll(() => t.close());

  it('should report not ready with the shutdown check failing', async () => {
    const response = await t.request('GET', '/readyz');
    expect(response.status).toBe(503);
    expect(response.body.status).toBe('not_ready');
    expect(response.body.checks.shutdown).toBe('error: draining');
    expect(response.body.checks.session_store).toBe('ok');
  });

  it('should refuse new API requests with 503 and Connection: close, but keep liveness', async () => {
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'a', actor_id: 'b' } },
    });
    expect(response.status).toBe(503);
    expect(response.body.error).toEqual({
      code: 'unavailable',
      message: 'service is shutting down',
      retryable: true,
    });
    expect(response.headers['connection']).toBe('close');
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    expect((await t.request('GET', '/livez')).status).toBe(200);
  });
});
