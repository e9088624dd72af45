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
      readBounded(request, payload, BODY_LIMIT_BYTES, done);
    },
  );
}

/**
 * Reads the body with plain stream listeners and answers through a callback rather than `for await`
 * and a promise: the async iterator (a promise per chunk) and the extra hops cost more than the
 * whole read of a small body. Calls back once: with the bytes on `end`, the stream's error, or a
 * premature-close error when the connection goes before `end` (what the iterator rejected with).
 */
function readBounded(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  limit: number,
  callback: (error: Error | null, body: RawBody | undefined) => void,
): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    payload.resume();
    callback(null, { kind: 'too_large' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  const onData = (chunk: Buffer | string): void => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (tooLarge) {
      return;
    }
    if (size > limit) {
      // Keep draining (discarding) so the connection stays usable, but hold nothing more.
      tooLarge = true;
      chunks.length = 0;
      return;
    }
    chunks.push(buffer);
  };
  const settle = (): void => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
    payload.removeListener('close', onClose);
  };
  const onEnd = (): void => {
    settle();
    callback(
      null,
      tooLarge ? { kind: 'too_large' } : { kind: 'bytes', bytes: Buffer.concat(chunks) },
    );
  };
  const onError = (error: Error): void => {
    settle();
    callback(error, undefined);
  };
  const onClose = (): void => {
    settle();
    callback(prematureClose(), undefined);
  };
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
  payload.on('close', onClose);
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
