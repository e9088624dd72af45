import { Injectable } from '@nestjs/common';
import { sanitiseArtifactName } from '#app/artifacts';
import { AppConfig } from '#app/config';
import {
  type DroppedArtifact,
  type InvocationTruncation,
  MAX_LISTED_DROPPED_ARTIFACTS,
} from '#app/contracts';
import type { ToolArtifact, ToolResult } from '#app/tool-registry';
import { fitLogTail } from './log-tail.js';
import { utf8Head } from './utf8-cut.js';

/** API.md 2.4: a tool error message is stored in the record, so it is bounded too. */
export const MAX_ERROR_MESSAGE_BYTES = 8192;
const MESSAGE_CUT_MARKER = ' [message truncated]';

/**
 * The tool's own message, or its head (on a character boundary) plus ` [message truncated]`
 * within {@link MAX_ERROR_MESSAGE_BYTES} bytes. The catalog's messages (`command failed: <last
 * 2,000 characters>`) always fit.
 */
export function boundErrorMessage(message: string): string {
  if (Buffer.byteLength(message, 'utf8') <= MAX_ERROR_MESSAGE_BYTES) {
    return message;
  }
  return `${utf8Head(message, MAX_ERROR_MESSAGE_BYTES - MESSAGE_CUT_MARKER.length)}${MESSAGE_CUT_MARKER}`;
}

export interface FittedResult {
  /** What may be stored: never more than the quotas allow. */
  result: ToolResult;
  /** Present only when something was cut. */
  truncation?: InvocationTruncation;
  /**
   * `JSON.stringify(result.output)` when an output is kept: measured here, and the bytes of
   * `invocation-output.json` (E4), so the output is serialised once per invocation.
   */
  outputJson?: string;
}

/**
 * API.md 10.3, for every outcome: cuts a result down to what the invocation may store before
 * anything is written. The output quota bounds `invocation-output.json` and
 * `invocation-logs.jsonl` together (the output first, whole or not at all; the logs keep their
 * tail); the artifact quotas bound the tool artifacts (kept in the order returned while they fit).
 * A successful result over the output or artifact quotas never gets here: E3 denies it first.
 */
@Injectable()
export class ResultQuota {
  constructor(private readonly config: AppConfig) {}

  fit(result: ToolResult): FittedResult {
    const { maxOutputBytes, maxArtifacts, maxArtifactBytes } = this.config.limits;
    const fitted: ToolResult = { ...result };
    let outputBytesDropped = 0;
    let outputBytes = 0;
    let outputJson: string | undefined;
    if (result.output !== undefined && result.output !== null) {
      outputJson = JSON.stringify(result.output);
      outputBytes = Buffer.byteLength(outputJson, 'utf8');
      if (maxOutputBytes > 0 && outputBytes > maxOutputBytes) {
        // A cut JSON document would mean something else: the output is kept whole or not at all.
        delete fitted.output;
        outputJson = undefined;
        outputBytesDropped = outputBytes;
        outputBytes = 0;
      }
    }
    const json = outputJson === undefined ? {} : { outputJson };

    let logsBytesDropped = 0;
    let logsLinesDropped = 0;
    if (maxOutputBytes > 0 && result.logs !== undefined && result.logs.length > 0) {
      const tail = fitLogTail(result.logs, maxOutputBytes - outputBytes);
      fitted.logs = tail.lines;
      logsBytesDropped = tail.bytesDropped;
      logsLinesDropped = tail.linesDropped;
    }

    const { kept, dropped } = fitArtifacts(result.artifacts ?? [], maxArtifacts, maxArtifactBytes);
    if (result.artifacts !== undefined) {
      fitted.artifacts = kept;
    }

    if (outputBytesDropped === 0 && logsBytesDropped === 0 && dropped.length === 0) {
      return { result: fitted, ...json };
    }
    return {
      result: fitted,
      ...json,
      truncation: {
        output_bytes_dropped: outputBytesDropped,
        logs_bytes_dropped: logsBytesDropped,
        logs_lines_dropped: logsLinesDropped,
        artifacts_dropped_count: dropped.length,
        artifacts_dropped: dropped.slice(0, MAX_LISTED_DROPPED_ARTIFACTS),
      },
    };
  }
}

/** In the order returned, an artifact is kept when the count and byte totals with it stay within the quotas. */
function fitArtifacts(
  artifacts: readonly ToolArtifact[],
  maxCount: number,
  maxBytes: number,
): { kept: ToolArtifact[]; dropped: DroppedArtifact[] } {
  const kept: ToolArtifact[] = [];
  const dropped: DroppedArtifact[] = [];
  let bytes = 0;
  for (const artifact of artifacts) {
    const size = artifact.data.length;
    const countFits = maxCount <= 0 || kept.length < maxCount;
    const bytesFit = maxBytes <= 0 || bytes + size <= maxBytes;
    if (countFits && bytesFit) {
      kept.push(artifact);
      bytes += size;
    } else {
      dropped.push({ name: sanitiseArtifactName(artifact.name), size_bytes: size });
    }
  }
  return { kept, dropped };
}
