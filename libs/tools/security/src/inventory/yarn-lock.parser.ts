import { parse } from 'yaml';

import {
  type Dependency,
  ManifestFormatError,
  dependency,
  isRecord,
  stringOf,
} from './dependency.js';

/** `yarn.lock`: the classic v1 format, or the YAML of Yarn 2+ (berry, recognised by `__metadata`). */
export function parseYarnLock(text: string): Dependency[] {
  return /^__metadata:/m.test(text) ? parseBerry(text) : parseClassic(text);
}

// Berry resolutions of the project's own packages, not dependencies.
const LOCAL_PROTOCOL = /@(workspace|link|portal|file):/;

function parseBerry(text: string): Dependency[] {
  // failsafe keeps every scalar a string: `1.10` must not become the number 1.1.
  const lock: unknown = parse(text, { schema: 'failsafe', maxAliasCount: 100 });
  if (!isRecord(lock)) {
    throw new ManifestFormatError('expected a YAML mapping');
  }
  const found: Dependency[] = [];
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '__metadata' || !isRecord(entry)) {
      continue;
    }
    const resolution = stringOf(entry['resolution']);
    const version = stringOf(entry['version']);
    if (resolution === undefined || version === undefined || LOCAL_PROTOCOL.test(resolution)) {
      continue;
    }
    found.push(dependency('npm', packageName(resolution), version));
  }
  return found;
}

function parseClassic(text: string): Dependency[] {
  const found: Dependency[] = [];
  let current: string | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) {
      return;
    }
    if (!/^\s/.test(line)) {
      if (!line.endsWith(':')) {
        throw new ManifestFormatError(
          `line ${index + 1}: expected an entry header ending with ":"`,
        );
      }
      current = packageName(unquote(line.slice(0, -1).split(',')[0] ?? ''));
      return;
    }
    const version = /^ {2}version:?\s+"?([^"\s]+)"?\s*$/.exec(line)?.[1];
    if (version !== undefined) {
      if (current === undefined || current === '') {
        throw new ManifestFormatError(`line ${index + 1}: version outside an entry`);
      }
      found.push(dependency('npm', current, version));
    }
  });
  return found;
}

function unquote(value: string): string {
  return value.trim().replace(/^"(.*)"$/, '$1');
}

/** `name@range`, `@scope/name@npm:1.2.3`, `alias@npm:real@^1` → the part before the version `@`. */
function packageName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? descriptor : descriptor.slice(0, at);
}
