import { type Dependency, ManifestFormatError, dependency } from './dependency.js';

/**
 * Go modules from `go.mod` `require` directives (since Go 1.17 they list the whole pruned module
 * graph, indirect ones included); `go.sum` is used only when `go.mod` is missing or requires
 * nothing, taking per module the highest version whose content hash is recorded. Versions lose
 * their leading `v` (CATALOG.md 20.1).
 */
export function parseGoModules(goMod: string | undefined, goSum: string | undefined): Dependency[] {
  const required = goMod === undefined ? [] : parseGoModRequires(goMod);
  if (required.length > 0 || goSum === undefined) {
    return required;
  }
  return parseGoSum(goSum);
}

export function parseGoModRequires(text: string): Dependency[] {
  const found: Dependency[] = [];
  let inBlock = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line === ')') {
        inBlock = false;
      } else if (line !== '') {
        found.push(requirement(line, index));
      }
      return;
    }
    if (/^require\s*\($/.test(line)) {
      inBlock = true;
    } else if (/^require\s+/.test(line)) {
      found.push(requirement(line.replace(/^require\s+/, ''), index));
    }
  });
  if (inBlock) {
    throw new ManifestFormatError('unterminated require block');
  }
  return found;
}

function requirement(line: string, index: number): Dependency {
  const [path, version, extra] = line.split(/\s+/);
  if (
    path === undefined ||
    version === undefined ||
    extra !== undefined ||
    !version.startsWith('v')
  ) {
    throw new ManifestFormatError(`line ${index + 1}: expected "<module> v<version>"`);
  }
  return dependency('go', unquote(path), version.slice(1));
}

export function parseGoSum(text: string): Dependency[] {
  const highest = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    const [path, version, hash] = line.trim().split(/\s+/);
    if (
      path === undefined ||
      version === undefined ||
      hash === undefined ||
      !version.startsWith('v')
    ) {
      throw new ManifestFormatError(`line ${index + 1}: expected "<module> <version> <hash>"`);
    }
    if (version.endsWith('/go.mod')) {
      return;
    }
    const current = highest.get(path);
    if (current === undefined || compareSemver(version.slice(1), current) > 0) {
      highest.set(path, version.slice(1));
    }
  });
  return [...highest].map(([path, version]) => dependency('go', path, version));
}

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1');
}

// Enough of semver precedence to pick the newest of a module's versions; pre-releases sort first.
export function compareSemver(left: string, right: string): number {
  const [leftCore = '', leftPre] = left.replace(/\+.*$/s, '').split(/-(.*)/s);
  const [rightCore = '', rightPre] = right.replace(/\+.*$/s, '').split(/-(.*)/s);
  const leftParts = leftCore.split('.').map(Number);
  const rightParts = rightCore.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const difference = (leftParts[i] ?? 0) - (rightParts[i] ?? 0);
    if (difference !== 0) {
      return Math.sign(difference);
    }
  }
  if (leftPre === undefined || rightPre === undefined) {
    return leftPre === rightPre ? 0 : leftPre === undefined ? 1 : -1;
  }
  return leftPre < rightPre ? -1 : leftPre > rightPre ? 1 : 0;
}
