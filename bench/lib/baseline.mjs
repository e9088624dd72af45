// A bare Fastify route doing the minimum the invoke path must also do: read the file, answer JSON.
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';

export async function startBaseline(filePath) {
  const app = Fastify({ logger: false });
  app.post('/read', async () => {
    const content = await readFile(filePath, 'utf8');
    return { content, size_bytes: Buffer.byteLength(content) };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address();
  return {
    url: `http://127.0.0.1:${port}/read`,
    close: () => app.close(),
  };
}
