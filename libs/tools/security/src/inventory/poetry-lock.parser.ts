import { parse } from 'smol-toml';

import {
  type Dependency,
  ManifestFormatError,
  dependency,
  isRecord,
  stringOf,
} from './dependency.js';

/** `poetry.lock`: every `[[package]]` with its `name` and `version`. */
export function parsePoetryLock(text: string): Dependency[] {
  const packages = parse(text)['package'];
  if (packages === undefined) {
    return [];
  }
  if (!Array.isArray(packages)) {
    throw new ManifestFormatError('"package" is not an array of tables');
  }
  const found: Dependency[] = [];
  for (const entry of packages) {
    const name = isRecord(entry) ? stringOf(entry['name']) : undefined;
    const version = isRecord(entry) ? stringOf(entry['version']) : undefined;
    if (name !== undefined && version !== undefined) {
      found.push(dependency('pypi', name, version));
    }
  }
  return found;
}
