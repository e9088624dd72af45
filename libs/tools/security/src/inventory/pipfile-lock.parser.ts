import {
  type Dependency,
  ManifestFormatError,
  dependency,
  isRecord,
  stringOf,
} from './dependency.js';

/** `Pipfile.lock`: `default` and `develop` sections; entries without a `==` pin (VCS, paths) are skipped. */
export function parsePipfileLock(text: string): Dependency[] {
  const lock: unknown = JSON.parse(text);
  if (!isRecord(lock)) {
    throw new ManifestFormatError('expected a JSON object');
  }
  const found: Dependency[] = [];
  for (const section of ['default', 'develop']) {
    const entries = lock[section];
    if (!isRecord(entries)) {
      continue;
    }
    for (const [name, entry] of Object.entries(entries)) {
      const pin = isRecord(entry) ? stringOf(entry['version']) : undefined;
      if (pin?.startsWith('==') === true) {
        found.push(dependency('pypi', name, pin.replace(/^===?/, '')));
      }
    }
  }
  return found;
}
