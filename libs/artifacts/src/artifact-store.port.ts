import type { Readable } from 'node:stream';
import type { Artifact } from '#app/contracts';

export interface NewArtifact {
  name: string;
  content_type: string;
  data: Buffer;
}

/** An opened artifact: its bytes as a stream, and the size and SHA-256 recorded when it was stored. */
export interface ArtifactContent {
  /** Read it to the end or destroy it: an adapter may hold a file or a connection until then. */
  stream: Readable;
  size_bytes: number;
  sha256: string;
}

/**
 * Durable bytes of an invocation (API.md 9.4). Implementations never expose where they keep the
 * bytes: an `Artifact` carries only ids, names, sizes and digests.
 */
export abstract class ArtifactStore {
  /** Stores the bytes; computes size and SHA-256 while writing. */
  abstract put(invocationId: string, artifact: NewArtifact): Promise<Artifact>;

  /**
   * Opens one artifact of that invocation for a streamed read, or resolves to `null` when it is
   * gone. No adapter holds the whole file in memory.
   * @throws AppException `unavailable` when the backing store cannot be reached.
   */
  abstract open(
    invocationId: string,
    artifact: Pick<Artifact, 'id' | 'name'>,
  ): Promise<ArtifactContent | null>;

  /**
   * The bytes of one artifact in memory, or `null` when it is gone. Only for artifacts whose size
   * the output quota bounds (`invocation-output.json`, `invocation-logs.jsonl`); downloads use
   * {@link open}.
   */
  async read(
    invocationId: string,
    artifact: Pick<Artifact, 'id' | 'name'>,
  ): Promise<Buffer | null> {
    const content = await this.open(invocationId, artifact);
    if (content === null) {
      return null;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of content.stream) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  /**
   * Removes every stored file of the invocation whose artifact id is not in `keep` (the directory
   * itself when nothing is kept), so that what is stored is exactly what the final record lists
   * (API.md 10.3). Resolves to the number of entries removed.
   */
  abstract removeExcept(invocationId: string, keep: ReadonlySet<string>): Promise<number>;

  /** Listing fallback for records that list no artifacts. */
  abstract list(invocationId: string): Promise<Artifact[]>;

  /** Readiness: the store can accept writes. Resolves to an error reason, or `null` when healthy. */
  abstract check(): Promise<string | null>;
}

export function downloadPathFor(invocationId: string, artifactId: string): string {
  return `/v1/invocations/${encodeURIComponent(invocationId)}/artifacts/${encodeURIComponent(artifactId)}`;
}
