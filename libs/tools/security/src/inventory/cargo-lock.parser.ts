import { parse } from 'smol-toml';

import {
  type Dependency,
  ManifestFormatError,
  dependency,
  isRecord,
  stringOf,
} from './dependency.js';

/**
 * `Cargo.lock` `[[package]]` entries. The root crate and path dependencies have no `source`: they
 * are the project's own code and are skipped (CATALOG.md 20.1).
 */
export function parseCargoLock(text: string): Dependency[] {
  const packages = parse(text)['package'];
  if (packages === undefined) {
    return [];
  }
  if (!Array.isArray(packages)) {
    throw new ManifestFormatError('"package" is not an array of tables');
  }
  const found: Dependency[] = [];
  for (const entry of packages) {
    if (!isRecord(entry) || stringOf(entry['source']) === undefined) {
      continue;
    }
    const name = stringOf(entry['name']);
    const version = stringOf(entry['version']);
    if (name !== undefined && version !== undefined) {
      found.push(dependency('cargo', name, version));
    }
  }
  return found;
}
