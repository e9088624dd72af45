import { parse } from 'yaml';

import {
  type Dependency,
  ManifestFormatError,
  dependency,
  isRecord,
  stringOf,
} from './dependency.js';

/**
 * `pnpm-lock.yaml` `packages` keys across lockfile versions: v5 `/name/1.0.0_peer@2`, v6
 * `/name@1.0.0(peer@2)`, v9 `name@1.0.0`. Explicit `name`/`version` members win (tarball deps).
 */
export function parsePnpmLock(text: string): Dependency[] {
  const lock: unknown = parse(text, { schema: 'failsafe', maxAliasCount: 100 });
  if (!isRecord(lock)) {
    throw new ManifestFormatError('expected a YAML mapping');
  }
  const packages = lock['packages'];
  if (packages === undefined) {
    return [];
  }
  if (!isRecord(packages)) {
    throw new ManifestFormatError('"packages" is not a mapping');
  }
  const legacy = (stringOf(lock['lockfileVersion']) ?? '').startsWith('5');
  const found: Dependency[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    const parsed = legacy ? splitLegacyKey(key) : splitKey(key);
    const name = (isRecord(entry) ? stringOf(entry['name']) : undefined) ?? parsed?.name;
    const version = (isRecord(entry) ? stringOf(entry['version']) : undefined) ?? parsed?.version;
    if (name === undefined || version === undefined || /^(link|file):/.test(version)) {
      continue;
    }
    found.push(dependency('npm', name, version));
  }
  return found;
}

function splitKey(key: string): { name: string; version: string } | undefined {
  const bare = key.replace(/^\//, '').split('(')[0] ?? '';
  const at = bare.indexOf('@', 1);
  return at < 0 ? undefined : { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

function splitLegacyKey(key: string): { name: string; version: string } | undefined {
  const bare = key.replace(/^\//, '');
  const slash = bare.lastIndexOf('/');
  if (slash <= 0) {
    return undefined;
  }
  return { name: bare.slice(0, slash), version: bare.slice(slash + 1).split('_')[0] ?? '' };
}
