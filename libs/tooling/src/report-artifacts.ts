import type { JsonValue } from '#app/contracts';
import type { ToolArtifact } from '#app/tool-registry';

export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json';

/** A text report artifact (CATALOG.md 3.5). */
export function textArtifact(name: string, text: string): ToolArtifact {
  return { name, content_type: TEXT_CONTENT_TYPE, data: Buffer.from(text, 'utf8') };
}

/** A JSON report artifact, pretty-printed (CATALOG.md 3.5). */
export function jsonArtifact(name: string, value: JsonValue): ToolArtifact {
  return {
    name,
    content_type: JSON_CONTENT_TYPE,
    data: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'),
  };
}
