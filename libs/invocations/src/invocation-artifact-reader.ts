import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { type ArtifactContent, ArtifactStore } from '#app/artifacts';
import type { Artifact, Invocation } from '#app/contracts';
import { InvocationStore } from '#app/stores';

type ArtifactRef = Pick<Artifact, 'id' | 'name'>;

/**
 * Reads an invocation's artifacts wherever `ArtifactPersister` put them: `invocation-output.json`
 * and `invocation-logs.jsonl` may be blobs kept with the record (the invocation store), everything
 * else is in the artifact store. Callers see one kind of artifact either way (API.md 9.2, 5.14).
 */
@Injectable()
export class InvocationArtifactReader {
  constructor(
    private readonly artifacts: ArtifactStore,
    private readonly invocations: InvocationStore,
  ) {}

  /** A streamed read for downloads, or `null` when the artifact is gone. */
  async open(invocation: Invocation, artifact: ArtifactRef): Promise<ArtifactContent | null> {
    const blob = await this.blobOf(invocation, artifact);
    if (blob) {
      return {
        stream: Readable.from([blob]),
        size_bytes: blob.length,
        sha256: createHash('sha256').update(blob).digest('hex'),
      };
    }
    return this.artifacts.open(invocation.id, artifact);
  }

  /** The bytes in memory; only for the two service-written artifacts the output quota bounds. */
  async read(invocation: Invocation, artifact: ArtifactRef): Promise<Buffer | null> {
    return (
      (await this.blobOf(invocation, artifact)) ?? this.artifacts.read(invocation.id, artifact)
    );
  }

  // Only the artifacts behind `output_ref` / `logs_ref` can be blobs: tool artifacts cost no
  // store round trip. A ref without a blob was too large for it (or predates blobs).
  private async blobOf(invocation: Invocation, artifact: ArtifactRef): Promise<Buffer | null> {
    if (artifact.id !== invocation.output_ref && artifact.id !== invocation.logs_ref) {
      return null;
    }
    return this.invocations.getBlob(invocation.id, artifact.id);
  }
}
