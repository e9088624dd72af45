import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// nest-cli.json is the monorepo's list of projects (Nest CLI schematics and `nest build <lib>`
// read it); a library added without an entry is invisible to them.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface NestCliProject {
  type: string;
  root: string;
  sourceRoot: string;
}

/** Every library folder: libs/<lib> and libs/tools/<family> with a src/index.ts entry point. */
function libraryRoots(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${dir}/${entry.name}`)
      .filter((root) => existsSync(join(ROOT, root, 'src/index.ts')));
  return [...under('libs'), ...under('libs/tools')].sort();
}

describe('nest-cli.json', () => {
  it('should list every library as a project with its src folder', () => {
    const cli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
      projects: Record<string, NestCliProject>;
    };
    const libraries = Object.values(cli.projects).filter((project) => project.type === 'library');

    const listed = libraries.map((project) => project.root).sort();

    expect(listed).toEqual(libraryRoots());
    expect(libraries.filter((project) => project.sourceRoot !== `${project.root}/src`)).toEqual([]);
  });
});
