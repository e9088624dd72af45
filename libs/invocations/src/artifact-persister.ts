import { hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ArtifactStore, downloadPathFor, type NewArtifact } from '#app/artifacts';
import { AppConfig } from '#app/config';
import { type Artifact, type JsonValue, type LogLine, toTimestamp } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import { randomIdSuffix } from '#app/sessions';
import type { InlineBlob } from '#app/stores';
import type { ToolResult } from '#app/tool-registry';

export interface PersistedResult {
  /** The record's fields: every artifact (kept with the record or not), the refs. */
  fields: { artifacts: Artifact[]; output_ref?: string; logs_ref?: string };
  /** Bytes of the listed artifacts kept with the record, written by its terminal save (E9). */
  blobs: InlineBlob[];
}

/**
 * E4 (given a result already cut to the quotas, API.md 10.3): tool artifacts in the order returned, then `invocation-output.json` (non-null output), then
 * `invocation-logs.jsonl` (at least one line). The two service-written ones are kept with the
 * record by the invocation store when they fit `WORKSPACE_INLINE_ARTIFACT_MAX_BYTES` (API.md 9.2),
 * so any replica serves them and a small invocation writes no file. Their bytes are not written
 * here: they travel with the outcome and go in the same atomic step as the terminal record.
 */
@Injectable()
export class ArtifactPersister {
  constructor(
    private readonly store: ArtifactStore,
    private readonly config: AppConfig,
    private readonly logger: JsonLogger,
  ) {}

  /** `outputJson`: the output already serialised (ResultQuota measured it), else serialised here. */
  async persist(
    invocationId: string,
    result: ToolResult,
    outputJson?: string,
  ): Promise<PersistedResult> {
    const artifacts: Artifact[] = [];
    for (const artifact of result.artifacts ?? []) {
      artifacts.push(await this.store.put(invocationId, artifact));
    }
    const persisted: PersistedResult = { fields: { artifacts }, blobs: [] };
    if (result.output !== undefined && result.output !== null) {
      const output = await this.putServiceArtifact(invocationId, persisted.blobs, {
        name: 'invocation-output.json',
        content_type: 'application/json',
        data: Buffer.from(outputJson ?? JSON.stringify(result.output satisfies JsonValue), 'utf8'),
      });
      artifacts.push(output);
      persisted.fields.output_ref = output.id;
    }
    const logs = result.logs ?? [];
    if (logs.length > 0) {
      const stored = await this.putServiceArtifact(invocationId, persisted.blobs, {
        name: 'invocation-logs.jsonl',
        content_type: 'application/x-ndjson',
        data: Buffer.from(
          logs.map((line: LogLine) => `${JSON.stringify(line)}\n`).join(''),
          'utf8',
        ),
      });
      artifacts.push(stored);
      persisted.fields.logs_ref = stored.id;
    }
    return persisted;
  }

  /** Removes whatever the store holds for the invocation beyond `artifacts` (API.md 10.3). */
  async discardUnlisted(invocationId: string, artifacts: readonly Artifact[]): Promise<void> {
    try {
      await this.store.removeExcept(
        invocationId,
        new Set(artifacts.map((artifact) => artifact.id)),
      );
    } catch (error) {
      this.logger.write('error', 'unlisted artifacts could not be removed', {
        invocation_id: invocationId,
        error,
      });
      throw error;
    }
  }

  // The record describes a kept blob with exactly the fields the artifact store would give it, so
  // listings and downloads cannot tell where the bytes are. A kept one only joins `blobs` (the
  // buffer handed over, not copied): size and digest are taken once, here.
  private async putServiceArtifact(
    invocationId: string,
    blobs: InlineBlob[],
    artifact: NewArtifact,
  ): Promise<Artifact> {
    const limit = this.config.artifacts.inlineMaxBytes;
    if (limit === 0 || artifact.data.length > limit) {
      return this.store.put(invocationId, artifact);
    }
    const id = `artifact-${randomIdSuffix()}`;
    blobs.push({ id, data: artifact.data });
    return {
      id,
      name: artifact.name,
      content_type: artifact.content_type,
      size_bytes: artifact.data.length,
      // One-shot: no Hash object per blob (same digest as createHash).
      sha256: hash('sha256', artifact.data, 'hex'),
      created_at: toTimestamp(Date.now()),
      download_path: downloadPathFor(invocationId, id),
    };
  }
}
