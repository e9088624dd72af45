import { type AddressInfo, connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { BODY_LIMIT_BYTES, type RawBody, registerRawBodyParser } from './raw-body.js';

describe('registerRawBodyParser (API.md 1.2, 4.3)', () => {
  let app: FastifyInstance;
  let handled = 0;

  beforeAll(async () => {
    app = Fastify({ bodyLimit: Number.MAX_SAFE_INTEGER });
    registerRawBodyParser(app);
    app.post('/echo', async (request) => {
      handled += 1;
      const body = request.body as RawBody | undefined;
      return body === undefined
        ? { kind: 'none' }
        : body.kind === 'bytes'
          ? { kind: 'bytes', length: body.bytes.length }
          : body;
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([undefined, 'text/plain', 'application/xml', 'application/json; charset=latin1'])(
    'should hand over the bytes whatever the content type (%s)',
    async (contentType) => {
      const response = await app.inject({
        method: 'POST',
        url: '/echo',
        payload: '{"a":1}',
        headers: contentType ? { 'content-type': contentType } : {},
      });
      expect(response.json()).toEqual({ kind: 'bytes', length: 7 });
    },
  );

  it('should accept exactly 2 MiB and record one byte more as too large without failing the request', async () => {
    const exact = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: Buffer.alloc(BODY_LIMIT_BYTES, 0x20),
    });
    const over = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: Buffer.alloc(BODY_LIMIT_BYTES + 1, 0x20),
    });

    expect(exact.json()).toEqual({ kind: 'bytes', length: BODY_LIMIT_BYTES });
    expect(over.statusCode).toBe(200);
    expect(over.json()).toEqual({ kind: 'too_large' });
  });

  it('should record a declared Content-Length above the limit as too large', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: 'x',
      headers: { 'content-length': String(BODY_LIMIT_BYTES + 1) },
    });
    expect(response.json()).toEqual({ kind: 'too_large' });
  });

  describe('over a real socket', () => {
    let port: number;

    beforeAll(async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      port = (app.server.address() as AddressInfo).port;
    });

    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      });
    const head = (length: number, extra = ''): string =>
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n${extra}\r\n`;
    const answerOf = (socket: Socket): Promise<string> =>
      new Promise((resolve) => {
        let text = '';
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString('latin1');
          if (/\r\n\r\n[\s\S]*\}$/.test(text)) {
            resolve(text);
          }
        });
      });
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

    it('should join a body that arrives in several writes', async () => {
      const socket = await open();
      const answer = answerOf(socket);
      socket.write(head(11));
      for (const part of ['{"a"', ':', '"xyz"', '}']) {
        await pause();
        socket.write(part);
      }
      expect(await answer).toContain('{"kind":"bytes","length":11}');
      socket.destroy();
    });

    it('should record a chunked body that crosses the limit as too large and keep the connection usable', async () => {
      const socket = await open();
      const answer = answerOf(socket);
      socket.write(head(0, 'Transfer-Encoding: chunked\r\n').replace('Content-Length: 0\r\n', ''));
      const half = Buffer.alloc(BODY_LIMIT_BYTES / 2 + 1, 0x20);
      for (const part of [half, half]) {
        socket.write(`${part.length.toString(16)}\r\n`);
        socket.write(part);
        socket.write('\r\n');
        await pause();
      }
      socket.write('0\r\n\r\n');
      expect(await answer).toContain('{"kind":"too_large"}');
      const again = answerOf(socket);
      socket.write(`${head(2)}{}`);
      expect(await again).toContain('{"kind":"bytes","length":2}');
      socket.destroy();
    });

    it('should never reach the route when the client goes away mid-body, and keep serving', async () => {
      const before = handled;
      const socket = await open();
      socket.write(`${head(100)}{"partial":`);
      await pause();
      socket.destroy();
      await pause();

      const next = await open();
      const answer = answerOf(next);
      next.write(`${head(7)}{"a":1}`);
      expect(await answer).toContain('{"kind":"bytes","length":7}');
      next.destroy();
      expect(handled).toBe(before + 1);
    });
  });
});
