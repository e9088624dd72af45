import type { Artifact } from '#app/contracts';

export interface NewArtifact {
  name: string;
  content_type: string;
  data: Buffer;
}

/**
 * Durable bytes of an invocation (API.md 9.4). Implementations never expose where they keep the
 * bytes: an `Artifact` carries only ids, names, sizes and digests.
 */
export abstract class ArtifactStore {
  /** Stores the bytes; computes size and SHA-256 while writing. */
  abstract put(invocationId: string, artifact: NewArtifact): Promise<Artifact>;

  /** The bytes of one artifact of that invocation, or `null` when it is gone. */
  abstract read(
    invocationId: string,
    artifact: Pick<Artifact, 'id' | 'name'>,
  ): Promise<Buffer | null>;

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
