// Drives `total` fs.read_file invocations of a started service through Fastify's inject (no
// sockets), `concurrency` at a time; `onResponse(response, done)` sees each answer in order of
// completion. Used where memory, not HTTP throughput, is measured.
import { REQUEST_BODY } from './load.mjs';

export async function injectInvocations(service, { total, concurrency = 16, onResponse }) {
  const fastify = service.app.getHttpAdapter().getInstance();
  const url = new URL(service.invokeUrl).pathname;
  let issued = 0;
  let done = 0;

  async function worker() {
    while (issued < total) {
      issued += 1;
      const response = await fastify.inject({
        method: 'POST',
        url,
        payload: REQUEST_BODY,
        headers: { 'content-type': 'application/json' },
      });
      done += 1;
      onResponse?.(response, done);
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
}
