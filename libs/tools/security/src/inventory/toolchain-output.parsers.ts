import { type Dependency, dependency, isRecord, stringOf } from './dependency.js';
import { licenseOf } from './npm-package-lock.parser.js';

// Parsers of the toolchain commands of CATALOG.md 20.1, used only when no lockfile yielded anything.

/** `go list -m all`: the main module line has no version and is skipped. */
export function parseGoListModules(output: string): Dependency[] {
  return lines(output).flatMap((line) => {
    const [path, version] = line.split(/\s+/);
    return path !== undefined && version?.startsWith('v') === true
      ? [dependency('go', path, version.slice(1))]
      : [];
  });
}

/** `npm ls --json --all [--long]`: the tree walked in sorted key order. */
export function parseNpmLs(output: string): Dependency[] {
  const tree: unknown = JSON.parse(output);
  const found: Dependency[] = [];
  const walk = (node: unknown, depth: number): void => {
    const children = isRecord(node) ? node['dependencies'] : undefined;
    if (!isRecord(children) || depth > 64) {
      return;
    }
    for (const name of Object.keys(children).sort()) {
      const child = children[name];
      const version = isRecord(child) ? stringOf(child['version']) : undefined;
      if (isRecord(child) && version !== undefined) {
        found.push(dependency('npm', name, version, licenseOf(child)));
      }
      walk(child, depth + 1);
    }
  };
  walk(tree, 0);
  return found;
}

/** `pip list --format=json`. */
export function parsePipList(output: string): Dependency[] {
  const list: unknown = JSON.parse(output);
  return (Array.isArray(list) ? list : []).flatMap((item) => {
    const name = isRecord(item) ? stringOf(item['name']) : undefined;
    const version = isRecord(item) ? stringOf(item['version']) : undefined;
    return name !== undefined && version !== undefined ? [dependency('pypi', name, version)] : [];
  });
}

/** `cargo tree --prefix none`: `name vX.Y.Z …` lines; the first one is the root crate. */
export function parseCargoTree(output: string): Dependency[] {
  return lines(output)
    .slice(1)
    .flatMap((line) => {
      const match = /^(\S+) v(\S+)/.exec(line);
      return match?.[1] !== undefined && match[2] !== undefined
        ? [dependency('cargo', match[1], match[2])]
        : [];
    });
}

const GRADLE = /([\w.-]+):([\w.-]+)(?::([\w.-]+))?(?:\s+->\s+([\w.-]+))?/;

/** `gradle dependencies`: `group:artifact:version`, honouring `a -> b` upgrades, skipping `(*)` repeats. */
export function parseGradleDependencies(output: string): Dependency[] {
  return lines(output).flatMap((line) => {
    if (!/^[|+\\ -]*[+\\]--- /.test(line) || line.trimEnd().endsWith('(*)')) {
      return [];
    }
    const match = GRADLE.exec(line.replace(/^[|+\\ -]*[+\\]--- /, ''));
    const version = match?.[4] ?? match?.[3];
    return match?.[1] !== undefined && match[2] !== undefined && version !== undefined
      ? [dependency('maven', `${match[1]}:${match[2]}`, version)]
      : [];
  });
}

const MAVEN =
  /^(?:\[INFO\]\s+)?([\w.-]+):([\w.-]+):[\w.-]+:(?:[\w.-]+:)?([\w.-]+):(compile|runtime|provided|system|test|import)\b/;

/** `mvn dependency:list`: `group:artifact:type[:classifier]:version:scope`. */
export function parseMavenDependencyList(output: string): Dependency[] {
  return lines(output).flatMap((line) => {
    const match = MAVEN.exec(line.trim());
    return match?.[1] !== undefined && match[2] !== undefined && match[3] !== undefined
      ? [dependency('maven', `${match[1]}:${match[2]}`, match[3])]
      : [];
  });
}

function lines(output: string): string[] {
  return output.split(/\r?\n/).filter((line) => line.trim() !== '');
}
