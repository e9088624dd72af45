import { Injectable } from '@nestjs/common';
import { ArtifactStore } from '#app/artifacts';
import type { Artifact, JsonValue, LogLine } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import type { ToolResult } from '#app/tool-registry';

export interface PersistedResult {
  artifacts: Artifact[];
  output_ref?: string;
  logs_ref?: string;
}

/**
 * E4 (given a result already cut to the quotas, API.md 10.3): tool artifacts in the order returned, then `invocation-output.json` (non-null output), then
 * `invocation-logs.jsonl` (at least one line).
 */
@Injectable()
export class ArtifactPersister {
  constructor(
    private readonly store: ArtifactStore,
    private readonly logger: JsonLogger,
  ) {}

  async persist(invocationId: string, result: ToolResult): Promise<PersistedResult> {
    const artifacts: Artifact[] = [];
    for (const artifact of result.artifacts ?? []) {
      artifacts.push(await this.store.put(invocationId, artifact));
    }
    const persisted: PersistedResult = { artifacts };
    if (result.output !== undefined && result.output !== null) {
      const output = await this.store.put(invocationId, {
        name: 'invocation-output.json',
        content_type: 'application/json',
        data: Buffer.from(JSON.stringify(result.output satisfies JsonValue), 'utf8'),
      });
      artifacts.push(output);
      persisted.output_ref = output.id;
    }
    const logs = result.logs ?? [];
    if (logs.length > 0) {
      const stored = await this.store.put(invocationId, {
        name: 'invocation-logs.jsonl',
        content_type: 'application/x-ndjson',
        data: Buffer.from(
          logs.map((line: LogLine) => `${JSON.stringify(line)}\n`).join(''),
          'utf8',
        ),
      });
      artifacts.push(stored);
      persisted.logs_ref = stored.id;
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
}
