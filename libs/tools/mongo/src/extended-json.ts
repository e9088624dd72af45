import { BSON, type Document } from 'mongodb';
import type { JsonObject, JsonValue } from '#app/contracts';
import { AppException } from '#app/errors';

/**
 * Reads a caller object as canonical or relaxed Extended JSON (`{"$oid": …}` → ObjectId).
 *
 * @throws AppException `invalid_argument` `<name> is not valid Extended JSON: <reason>`
 */
export function fromExtendedJson(value: JsonValue | undefined, name: string): Document | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return BSON.EJSON.deserialize(value as Document, { relaxed: false }) as Document;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppException(
      'invalid_argument',
      `${name} is not valid Extended JSON: ${reason.slice(0, 200)}`,
    );
  }
}

/** A document as MongoDB Relaxed Extended JSON (CATALOG.md 15). */
export function toRelaxedJson(document: Document): JsonObject {
  return BSON.EJSON.serialize(document, { relaxed: true });
}

/** Whole documents while the cumulative JSON size stays ≤ `maxBytes`; the rest are dropped. */
export class DocumentBudget {
  readonly documents: JsonObject[] = [];
  private used = 0;
  private cut = false;

  constructor(private readonly maxBytes: number) {}

  /** False once a document did not fit: the caller stops reading. */
  add(document: Document): boolean {
    const json = toRelaxedJson(document);
    const size = Buffer.byteLength(JSON.stringify(json), 'utf8');
    if (this.used + size > this.maxBytes) {
      this.cut = true;
      return false;
    }
    this.used += size;
    this.documents.push(json);
    return true;
  }

  get totalBytes(): number {
    return this.used;
  }

  get truncated(): boolean {
    return this.cut;
  }
}
