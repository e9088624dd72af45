import {
  type Dependency,
  ManifestFormatError,
  dependency,
  isRecord,
  stringOf,
} from './dependency.js';

/**
 * `package-lock.json` / `npm-shrinkwrap.json`: v2/v3 `packages` (keys `node_modules/<name>`, with the
 * `license` npm records), or the nested v1 `dependencies` tree. Links and workspace folders are the
 * project's own sources, not dependencies.
 */
export function parseNpmPackageLock(text: string): Dependency[] {
  const lock: unknown = JSON.parse(text);
  if (!isRecord(lock)) {
    throw new ManifestFormatError('expected a JSON object');
  }
  if (isRecord(lock['packages'])) {
    return fromPackages(lock['packages']);
  }
  if (isRecord(lock['dependencies'])) {
    const found: Dependency[] = [];
    walkV1(lock['dependencies'], found, 0);
    return found;
  }
  if (lock['lockfileVersion'] === undefined) {
    throw new ManifestFormatError('missing lockfileVersion, packages and dependencies');
  }
  return [];
}

const NODE_MODULES = 'node_modules/';

function fromPackages(packages: Record<string, unknown>): Dependency[] {
  const found: Dependency[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    const at = key.lastIndexOf(NODE_MODULES);
    if (at < 0 || !isRecord(entry) || entry['link'] === true) {
      continue;
    }
    const name = stringOf(entry['name']) ?? key.slice(at + NODE_MODULES.length);
    const version = stringOf(entry['version']);
    if (version !== undefined && name !== '') {
      found.push(dependency('npm', name, version, licenseOf(entry)));
    }
  }
  return found;
}

// v1 nests transitive dependencies; the depth bound only guards against a hostile file.
function walkV1(dependencies: Record<string, unknown>, found: Dependency[], depth: number): void {
  if (depth > 64) {
    throw new ManifestFormatError('dependency tree nested deeper than 64 levels');
  }
  for (const [name, entry] of Object.entries(dependencies)) {
    if (!isRecord(entry)) {
      continue;
    }
    const version = stringOf(entry['version']);
    if (version !== undefined && !/^(file|link):/.test(version)) {
      found.push(dependency('npm', name, version, licenseOf(entry)));
    }
    if (isRecord(entry['dependencies'])) {
      walkV1(entry['dependencies'], found, depth + 1);
    }
  }
}

/** `license` is a string in current npm; old packages used `{type}` or `licenses: [{type}]`. */
export function licenseOf(manifest: Record<string, unknown>): string | undefined {
  const license = manifest['license'];
  if (typeof license === 'string') {
    return license;
  }
  if (isRecord(license)) {
    return stringOf(license['type']);
  }
  const licenses = manifest['licenses'];
  if (Array.isArray(licenses)) {
    const types = licenses.map((item) =>
      isRecord(item) ? stringOf(item['type']) : stringOf(item),
    );
    const known = types.filter((type): type is string => type !== undefined);
    return known.length > 1 ? `(${known.join(' OR ')})` : known[0];
  }
  return undefined;
}
