import type { FastifyInstance, FastifyRequest } from 'fastify';

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^\\s*${TOKEN}/${TOKEN}\\s*(;.*)?$`);

/** What the body parser hands to routes: bytes, or the fact that the limit was crossed. */
export type RawBody = { kind: 'bytes'; bytes: Buffer } | { kind: 'too_large' };

/**
 * Replaces Fastify's parsers with one that accepts any content type (API.md 1.2 parses JSON whatever
 * the header says) and never fails the request itself: an oversized body is *recorded*, so the route
 * can answer 404/403 before 413, in the order of API.md 4.3.
 */
export function registerRawBodyParser(fastify: FastifyInstance): void {
  // Fastify answers 415 to an empty or malformed Content-Type before any parser runs; the body is
  // JSON whatever the header says, so such a header is replaced by a neutral one.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const contentType = request.headers['content-type'];
    if (contentType !== undefined && !MEDIA_TYPE.test(contentType)) {
      request.headers['content-type'] = 'application/octet-stream';
    }
    done();
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { bodyLimit: Number.MAX_SAFE_INTEGER },
    (request, payload, done) => {
      readBounded(request, payload, BODY_LIMIT_BYTES).then(
        (body) => done(null, body),
        (error: Error) => done(error, undefined),
      );
    },
  );
}

async function readBounded(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  limit: number,
): Promise<RawBody> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    payload.resume();
    return { kind: 'too_large' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of payload) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) {
      // Keep draining (discarding) so the connection stays usable, but hold nothing more.
      tooLarge = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(buffer);
  }
  return tooLarge ? { kind: 'too_large' } : { kind: 'bytes', bytes: Buffer.concat(chunks) };
}
