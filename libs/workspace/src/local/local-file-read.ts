import { closeSync, constants, fstatSync, openSync, read, readSync } from 'node:fs';

import { AppException } from '#app/errors';
import type { ReadResult } from '../workspace-runtime.port.js';
import { mapFsError } from './fs-errors.js';
import type { LocatedPath } from './local-path-resolver.js';

/**
 * Open, stat and close are synchronous (a few microseconds each, versus 20–40 µs of main-thread time
 * per thread-pool round trip on the measured host, docs/PERFORMANCE.md); reads up to this size too.
 */
const SYNC_READ_MAX_BYTES = 64 * 1024;

/** Reads up to `maxBytes` of the regular file at a path {@link LocalPathResolver} just located. */
export async function readLocatedFile(located: LocatedPath, maxBytes: number): Promise<ReadResult> {
  // NONBLOCK: opening a FIFO must not hang; NOFOLLOW: the path was fully resolved just now.
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let fd: number;
  try {
    fd = openSync(located.real, flags);
  } catch (error) {
    throw mapFsError(error, located.relative);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) {
      throw new AppException('invalid_argument', 'path is a directory');
    }
    if (!stats.isFile()) {
      throw new AppException('invalid_argument', 'path is not a regular file');
    }
    const data = Buffer.alloc(Math.min(Math.max(maxBytes, 0), stats.size));
    // Small reads stay on the event loop (microseconds); large ones go to the thread pool.
    const readChunk = data.length <= SYNC_READ_MAX_BYTES ? readSyncChunk : readAsyncChunk;
    let filled = 0;
    while (filled < data.length) {
      const bytesRead = await readChunk(fd, data, filled);
      if (bytesRead === 0) {
        break;
      }
      filled += bytesRead;
    }
    return {
      data: data.subarray(0, filled),
      size_bytes: stats.size,
      truncated: stats.size > maxBytes,
    };
  } finally {
    closeSync(fd);
  }
}

function readSyncChunk(fd: number, data: Buffer, offset: number): Promise<number> {
  return Promise.resolve(readSync(fd, data, offset, data.length - offset, offset));
}

function readAsyncChunk(fd: number, data: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, data, offset, data.length - offset, offset, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead),
    );
  });
}
