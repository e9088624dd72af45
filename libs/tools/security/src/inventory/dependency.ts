/** CATALOG.md 20.1 entry; `license` is `unknown` when the source does not say. */
export interface Dependency {
  name: string;
  version: string;
  ecosystem: string;
  license: string;
}

/** A file that could not be used, reported in the output instead of failing the call. */
export interface InventoryDiagnostic {
  file: string;
  message: string;
}

export const UNKNOWN_LICENSE = 'unknown';

export function dependency(
  ecosystem: string,
  name: string,
  version: string,
  license?: string,
): Dependency {
  const cleaned = license?.trim();
  return {
    name,
    version,
    ecosystem,
    license: cleaned === undefined || cleaned === '' ? UNKNOWN_LICENSE : cleaned,
  };
}

/** Thrown by a parser for a file it cannot make sense of; the inventory turns it into a diagnostic. */
export class ManifestFormatError extends Error {
  override readonly name = 'ManifestFormatError';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
