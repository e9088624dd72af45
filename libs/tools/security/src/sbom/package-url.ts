import type { Dependency } from '../inventory/dependency.js';

/** CATALOG.md 20 `sbom.generate` purls, per ecosystem; anything else is `pkg:generic`. */
export function packageUrl({ ecosystem, name, version }: Dependency): string {
  switch (ecosystem) {
    case 'go':
      return `pkg:golang/${name}@v${version}`;
    case 'npm':
      return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
    case 'pypi':
      return `pkg:pypi/${name.toLowerCase()}@${version}`;
    case 'cargo':
      return `pkg:cargo/${name}@${version}`;
    case 'maven': {
      const [group, artifact] = name.split(':');
      return artifact === undefined
        ? `pkg:generic/${name}@${version}`
        : `pkg:maven/${group}/${artifact}@${version}`;
    }
    default:
      return `pkg:generic/${name}@${version}`;
  }
}
