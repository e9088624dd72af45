import { Injectable } from '@nestjs/common';
import type { Invocation, JsonValue, LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import { InvocationArtifactReader } from './invocation-artifact-reader.js';

/**
 * API.md 9.3: a record that only keeps references gets `output` and `logs` back from its artifacts
 * (blobs kept with the record, or the artifact store),
 * so the response shape never depends on the store backend. Missing or unreadable artifacts are not
 * errors; an unreachable store is (503 `unavailable`): a record silently missing its output would
 * read as a different result.
 */
@Injectable()
export class InvocationHydrator {
  constructor(private readonly artifacts: InvocationArtifactReader) {}

  async hydrate(invocation: Invocation): Promise<Invocation> {
    const hydrated = { ...invocation };
    if (hydrated.output === undefined && hydrated.output_ref) {
      const text = await this.read(invocation, hydrated.output_ref);
      const output = text === null ? undefined : parseJson(text);
      if (output !== undefined) {
        hydrated.output = output;
      }
    }
    if (hydrated.logs.length === 0) {
      hydrated.logs = await this.logs(invocation);
    }
    return hydrated;
  }

  async logs(invocation: Invocation): Promise<LogLine[]> {
    if (invocation.logs.length > 0 || !invocation.logs_ref) {
      return invocation.logs;
    }
    const text = await this.read(invocation, invocation.logs_ref);
    if (text === null) {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => parseJson(line))
      .filter((line): line is JsonValue => line !== undefined) as unknown as LogLine[];
  }

  private async read(invocation: Invocation, artifactId: string): Promise<string | null> {
    const artifact = invocation.artifacts.find((candidate) => candidate.id === artifactId);
    if (!artifact) {
      return null;
    }
    const bytes = await this.artifacts.read(invocation, artifact).catch((error: unknown) => {
      if (error instanceof AppException && error.code === 'unavailable') {
        throw error;
      }
      return null;
    });
    return bytes ? bytes.toString('utf8') : null;
  }
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
