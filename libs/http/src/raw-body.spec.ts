import Fastify, { type FastifyInstance } from 'fastify';
import { BODY_LIMIT_BYTES, type RawBody, registerRawBodyParser } from './raw-body.js';

describe('registerRawBodyParser (API.md 1.2, 4.3)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ bodyLimit: Number.MAX_SAFE_INTEGER });
    registerRawBodyParser(app);
    app.post('/echo', async (request) => {
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
});
