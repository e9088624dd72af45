import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, constants, open, writeSync } from 'node:fs';
import {
  access,
  type FileHandle,
  mkdir,
  open as openFile,
  readdir,
  rm,
  writeFile,
} from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { type Artifact, toTimestamp } from '#app/contracts';
import { contentTypeForName, sanitiseArtifactName } from '../artifact-name.js';
import {
  type ArtifactContent,
  ArtifactStore,
  downloadPathFor,
  type NewArtifact,
} from '../artifact-store.port.js';
import { entryExists, InvocationWrites, type SweepOutcome } from './invocation-writes.js';

const STORED_FILE = /^(artifact-[0-9a-f]{16})-(.+)$/;
const INVOCATION_ID = /^[A-Za-z0-9._-]+$/;
/**
 * Up to this size the file is created on the thread pool (creating an inode is the expensive part)
 * and then written and closed synchronously: one thread-pool round trip instead of three.
 */
const SMALL_WRITE_MAX_BYTES = 64 * 1024;
const ID_BYTES = 8;

/** `<root>/<invocation id>/<artifact id>-<name>`, files 0644, directories 0755. */
export class LocalArtifactStore extends ArtifactStore {
  private readonly root: string;
  // Random bytes for artifact ids, filled 512 ids at a time (one RNG call instead of one per id).
  private readonly randomPool = Buffer.alloc(ID_BYTES * 512);
  private randomOffset = this.randomPool.length;

  /** @param written bound of remembered invocations (tests pass a small one) */
  constructor(
    root: string,
    private readonly written = new InvocationWrites(),
  ) {
    super();
    this.root = resolve(root);
  }

  async put(invocationId: string, artifact: NewArtifact): Promise<Artifact> {
    const id = `artifact-${this.randomHex()}`;
    const name = sanitiseArtifactName(artifact.name);
    const directory = this.directoryOf(invocationId);
    // Marked before the directory can exist, so that a sweep running meanwhile knows to look again.
    const done = isValidInvocationId(invocationId) ? this.written.begin(invocationId) : undefined;
    try {
      await this.ensureDirectory(directory);
      // `wx`: an artifact file is written once and never replaced.
      const file = join(directory, `${id}-${name}`);
      if (artifact.data.length <= SMALL_WRITE_MAX_BYTES) {
        await writeSmallFile(file, artifact.data);
      } else {
        await writeFile(file, artifact.data, { mode: 0o644, flag: 'wx' });
      }
    } finally {
      done?.();
    }
    return {
      id,
      name,
      content_type: artifact.content_type,
      size_bytes: artifact.data.length,
      sha256: createHash('sha256').update(artifact.data).digest('hex'),
      created_at: toTimestamp(Date.now()),
      download_path: downloadPathFor(invocationId, id),
    };
  }

  async open(
    invocationId: string,
    artifact: Pick<Artifact, 'id' | 'name'>,
  ): Promise<ArtifactContent | null> {
    const path = join(this.directoryOf(invocationId), `${artifact.id}-${artifact.name}`);
    if (!this.isInside(path)) {
      return null;
    }
    let handle: FileHandle;
    try {
      handle = await openFile(path, 'r');
    } catch {
      return null;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        return null;
      }
      // A file carries no digest beside it: hash it by streaming (the open descriptor keeps the
      // bytes even if removeExcept unlinks the file meanwhile), then stream it again from offset 0.
      const sha256 = await hashOf(handle);
      return {
        stream: handle.createReadStream({ start: 0, autoClose: true }),
        size_bytes: info.size,
        sha256,
      };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Every invocation ends here and most (output and logs kept with the record) wrote nothing: those
   * are answered from memory, without a syscall ({@link InvocationWrites}).
   */
  async removeExcept(invocationId: string, keep: ReadonlySet<string>): Promise<number> {
    const ticket = isValidInvocationId(invocationId)
      ? this.written.sweepStarting(invocationId)
      : null;
    const directory = this.directoryOf(invocationId);
    // An id this process may have forgotten: a synchronous lstat spares the readdir round trip.
    if (ticket === null || (!ticket.known && !entryExists(directory))) {
      return 0;
    }
    let outcome: SweepOutcome = 'failed';
    try {
      const swept = await this.sweep(directory, keep);
      outcome = swept.outcome;
      return swept.removed;
    } finally {
      this.written.sweepDone(ticket, outcome);
    }
  }

  private async sweep(
    directory: string,
    keep: ReadonlySet<string>,
  ): Promise<{ removed: number; outcome: SweepOutcome }> {
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      return { removed: 0, outcome: missing ? 'emptied' : 'kept' };
    }
    // Anything that is not a kept artifact goes, whoever wrote it: stray names and subdirectories too.
    const doomed = names.filter((fileName) => {
      const id = STORED_FILE.exec(fileName)?.[1];
      return id === undefined || !keep.has(id);
    });
    if (doomed.length === names.length) {
      await rm(directory, { recursive: true, force: true });
      return { removed: doomed.length, outcome: 'emptied' };
    }
    for (const fileName of doomed) {
      await rm(join(directory, fileName), { recursive: true, force: true });
    }
    return { removed: doomed.length, outcome: 'kept' };
  }

  async list(invocationId: string): Promise<Artifact[]> {
    const directory = this.directoryOf(invocationId);
    let names: string[];
    try {
      names = await readdir(directory);
    } catch {
      return [];
    }
    const artifacts: Artifact[] = [];
    for (const fileName of names) {
      const match = STORED_FILE.exec(fileName);
      if (!match) {
        continue;
      }
      const described = await describeFile(join(directory, fileName));
      if (described === null) {
        continue;
      }
      artifacts.push({
        id: match[1],
        name: match[2],
        content_type: contentTypeForName(match[2]),
        size_bytes: described.size,
        sha256: described.sha256,
        created_at: toTimestamp(described.mtime),
        download_path: downloadPathFor(invocationId, match[1]),
      });
    }
    return artifacts.sort(
      (a, b) => a.created_at.localeCompare(b.created_at) || a.name.localeCompare(b.name),
    );
  }

  async check(): Promise<string | null> {
    try {
      await mkdir(this.root, { recursive: true, mode: 0o755 });
      await access(this.root, constants.W_OK);
      return null;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? 'not writable';
    }
  }

  // A plain mkdir is one syscall; the recursive form (which also creates the root) is the fallback.
  private async ensureDirectory(directory: string): Promise<void> {
    try {
      await mkdir(directory, { mode: 0o755 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await mkdir(directory, { recursive: true, mode: 0o755 });
      } else if (code !== 'EEXIST') {
        throw error;
      }
    }
  }

  private randomHex(): string {
    if (this.randomOffset === this.randomPool.length) {
      randomFillSync(this.randomPool);
      this.randomOffset = 0;
    }
    const hex = this.randomPool.toString('hex', this.randomOffset, this.randomOffset + ID_BYTES);
    this.randomOffset += ID_BYTES;
    return hex;
  }

  private directoryOf(invocationId: string): string {
    // Invocation ids are generated by the service, but the read routes take them from the URL.
    if (!isValidInvocationId(invocationId)) {
      return join(this.root, '.invalid');
    }
    return join(this.root, invocationId);
  }

  private isInside(path: string): boolean {
    return resolve(path).startsWith(this.root + sep);
  }
}

function isValidInvocationId(invocationId: string): boolean {
  return INVOCATION_ID.test(invocationId) && !invocationId.includes('..') && invocationId !== '.';
}

/** Size, modification time and streamed SHA-256 of a regular file; `null` for anything else. */
async function describeFile(
  path: string,
): Promise<{ size: number; mtime: Date; sha256: string } | null> {
  const handle = await openFile(path, 'r').catch(() => null);
  if (handle === null) {
    return null;
  }
  try {
    const info = await handle.stat();
    return info.isFile()
      ? { size: info.size, mtime: info.mtime, sha256: await hashOf(handle) }
      : null;
  } finally {
    await handle.close();
  }
}

async function hashOf(handle: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** `wx` (exclusive create): an artifact file is written once and never replaced. */
function writeSmallFile(path: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    open(path, 'wx', 0o644, (openError, fd) => {
      if (openError) {
        reject(openError);
        return;
      }
      let failure: unknown;
      try {
        let written = 0;
        while (written < data.length) {
          written += writeSync(fd, data, written, data.length - written);
        }
      } catch (error) {
        failure = error;
      }
      try {
        closeSync(fd);
      } catch (error) {
        failure ??= error;
      }
      if (failure === undefined) {
        resolve();
      } else {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the failure on as it came
        reject(failure);
      }
    });
  });
}
