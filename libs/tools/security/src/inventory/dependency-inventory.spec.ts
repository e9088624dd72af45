import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  CARGO_LOCK,
  GO_MOD,
  GO_SUM,
  NPM_PACKAGE_LOCK_V3,
  PIPFILE_LOCK,
  POETRY_LOCK,
  POM_XML,
  REQUIREMENTS_TXT,
  YARN_LOCK_V1,
} from '../testing/fixture-repositories.js';
import {
  appFailureOf as failureOf,
  createToolWorkspace,
  recordProgress,
  type ToolWorkspace,
} from '#app/testing';
import { MAX_MANIFEST_BYTES, collectInventory, dedupeAndSort } from './dependency-inventory.js';

const signal = new AbortController().signal;
const keys = (list: Array<{ ecosystem: string; name: string; version: string }>): string[] =>
  list.map((d) => `${d.ecosystem}:${d.name}@${d.version}`);

describe('collectInventory', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'security-tools-' });
  });
  afterEach(() => ws.cleanup());

  it('should parse every lockfile of a polyglot repository, de-duplicated and sorted', async () => {
    await ws.write({
      'go.mod': GO_MOD,
      'go.sum': GO_SUM,
      'package-lock.json': NPM_PACKAGE_LOCK_V3,
      'yarn.lock': YARN_LOCK_V1,
      'poetry.lock': POETRY_LOCK,
      'Pipfile.lock': PIPFILE_LOCK,
      'requirements-dev.txt': REQUIREMENTS_TXT,
      'Cargo.lock': CARGO_LOCK,
      'pom.xml': POM_XML,
    });
    const inventory = await collectInventory(ws.runtime, '.', signal);
    expect(inventory.project).toEqual({ project_type: 'go', flavor: 'module' });
    expect(inventory.command).toEqual([
      'lockfile',
      'package-lock.json',
      'yarn.lock',
      'poetry.lock',
      'Pipfile.lock',
      'requirements-dev.txt',
      'Cargo.lock',
      'pom.xml',
      'go.mod',
      'go.sum',
    ]);
    expect(keys(inventory.dependencies)).toEqual([
      'cargo:serde@1.0.193',
      'go:github.com/google/uuid@1.4.0',
      'go:github.com/pkg/errors@0.9.1',
      'go:golang.org/x/text@0.14.0',
      'maven:org.slf4j:slf4j-api@2.0.9',
      'npm:@babel/code-frame@7.12.13',
      'npm:@scope/util@2.1.0',
      'npm:left-pad@1.3.0',
      'npm:lodash@4.17.21',
      'npm:no-license@0.1.0',
      'pypi:Django@4.2.7',
      'pypi:certifi@2023.7.22',
      'pypi:pytest@7.4.3',
      'pypi:requests@2.31.0',
      'pypi:urllib3@2.0.7',
    ]);
    // lodash is in both package-lock (MIT) and yarn.lock (no license): the known license wins.
    expect(inventory.dependencies.find((d) => d.name === 'lodash')?.license).toBe('MIT');
    expect(inventory.diagnostics).toEqual([]);
    expect(inventory.logs).toEqual([]);
  });

  it('should report a malformed lockfile as a diagnostic and still use the others', async () => {
    await ws.write({
      'package.json': '{}',
      'package-lock.json': '{"lockfileVersion": 3,',
      'Cargo.lock': CARGO_LOCK,
    });
    await ws.write({ 'node_modules/.keep': '' });
    const inventory = await collectInventory(ws.runtime, '.', signal);
    expect(inventory.diagnostics).toEqual([
      { file: 'package-lock.json', message: expect.stringMatching(/^unparsable file: /) as string },
    ]);
    expect(keys(inventory.dependencies)).toContain('cargo:serde@1.0.193');
  });

  it('should skip a lockfile over 20 MiB with a diagnostic', async () => {
    await writeFile(join(ws.root, 'yarn.lock'), Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x23));
    await ws.write({ 'Cargo.lock': CARGO_LOCK });
    const inventory = await collectInventory(ws.runtime, '.', signal);
    expect(inventory.diagnostics).toEqual([
      { file: 'yarn.lock', message: 'skipped: larger than 20971520 bytes' },
    ]);
    expect(inventory.command).toEqual(['lockfile', 'Cargo.lock']);
  });

  it('should not read a lockfile symlinked outside the workspace', async () => {
    await writeFile(join(ws.outside, 'Cargo.lock'), CARGO_LOCK);
    await symlink(join(ws.outside, 'Cargo.lock'), join(ws.root, 'Cargo.lock'));
    await ws.write({ 'pom.xml': POM_XML });
    const inventory = await collectInventory(ws.runtime, '.', signal);
    expect(inventory.diagnostics).toEqual([
      { file: 'Cargo.lock', message: 'skipped: path escapes workspace' },
    ]);
    expect(keys(inventory.dependencies)).toEqual(['maven:org.slf4j:slf4j-api@2.0.9']);
  });

  it('should take licenses from installed node_modules manifests of the same version', async () => {
    await ws.write({
      'web/package.json': '{"name":"web"}',
      'web/yarn.lock': YARN_LOCK_V1,
      'web/node_modules/lodash/package.json':
        '{"name":"lodash","version":"4.17.21","license":"MIT"}',
      'web/node_modules/@babel/code-frame/package.json': '{"version":"0.0.1","license":"ISC"}',
    });
    const inventory = await collectInventory(ws.runtime, 'web', signal);
    expect(inventory.directory).toBe('web');
    expect(inventory.dependencies.map((d) => `${d.name}:${d.license}`)).toEqual([
      '@babel/code-frame:unknown',
      'lodash:MIT',
    ]);
  });

  it('should fall back to the toolchain listing when no lockfile of the project type exists', async () => {
    await ws.write({
      'package.json': JSON.stringify({
        name: 'app',
        version: '1.0.0',
        dependencies: { tiny: '^1.0.0' },
      }),
      'node_modules/tiny/package.json': JSON.stringify({
        name: 'tiny',
        version: '1.2.0',
        license: 'ISC',
      }),
    });
    const progress = recordProgress();
    const inventory = await collectInventory(ws.runtime, '.', signal, progress);
    expect(inventory.command).toEqual(['npm', 'ls', '--json', '--all']);
    expect(inventory.dependencies).toEqual([
      { ecosystem: 'npm', name: 'tiny', version: '1.2.0', license: 'ISC' },
    ]);
    expect(inventory.logs).toHaveLength(1);
    expect(inventory.logs[0]?.channel).toBe('stdout');
    // The listing also reached the progress line by line while it ran.
    expect(progress.lines.some((line) => line.message.includes('"tiny"'))).toBe(true);
  }, 60_000);

  it('should report a missing toolchain program as an error result when nothing was found', async () => {
    const bare = await createToolWorkspace({
      prefix: 'security-tools-',
      searchPath: join(ws.root, 'no-programs'),
    });
    try {
      await bare.write({ 'go.mod': 'module example.com/empty\n\ngo 1.21\n' });
      const inventory = await collectInventory(bare.runtime, '.', signal);
      expect(inventory.error).toEqual({
        code: 'execution_failed',
        message: 'command not available: go',
      });
      expect(inventory.command).toEqual(['go', 'list', '-m', 'all']);
    } finally {
      await bare.cleanup();
    }
  });

  it('should refuse an unsupported project type with nothing to parse', async () => {
    await ws.write({ 'src/main.c': 'int main(void) { return 0; }\n' });
    const inventory = await collectInventory(ws.runtime, '.', signal);
    expect(inventory.project.project_type).toBe('c');
    expect(inventory.error).toEqual({
      code: 'execution_failed',
      message: 'dependency inventory not supported for project type c',
    });
  });

  it('should fail on a missing path, a file path and an escaping path', async () => {
    await ws.write({ 'file.txt': 'x' });
    expect(await failureOf(collectInventory(ws.runtime, 'missing', signal))).toEqual({
      code: 'not_found',
      message: 'path not found: missing',
    });
    expect(await failureOf(collectInventory(ws.runtime, 'file.txt', signal))).toEqual({
      code: 'invalid_argument',
      message: 'path is not a directory: file.txt',
    });
    expect((await failureOf(collectInventory(ws.runtime, '../outside', signal))).code).toBe(
      'policy_denied',
    );
  });
});

describe('dedupeAndSort', () => {
  it('should sort by ecosystem, name and version in byte order', () => {
    const entry = (ecosystem: string, name: string, version: string) => ({
      ecosystem,
      name,
      version,
      license: 'unknown',
    });
    expect(
      keys(
        dedupeAndSort([
          entry('npm', 'b', '1'),
          entry('go', 'z', '1'),
          entry('npm', 'B', '2'),
          entry('npm', 'b', '1'),
        ]),
      ),
    ).toEqual(['go:z@1', 'npm:B@2', 'npm:b@1']);
  });
});
