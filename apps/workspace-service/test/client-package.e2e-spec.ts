import { execFile, execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp } from './support/test-app.js';

// libs/client is published on its own: its build, what `npm pack` puts in the tarball, and a
// consumer that has only that tarball and openapi-fetch (no other file of this repository).
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PACKAGE = join(ROOT, 'libs/client');
const NODE_MODULES = join(ROOT, 'node_modules');

const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface PackResult {
  name: string;
  filename: string;
  files: Array<{ path: string }>;
}

/** An empty project with the packed client installed (and its dependency), ready for main.ts. */
function consumerProject(work: string, tarball: string, types: string[]): string {
  const consumer = mkdtempSync(join(work, 'consumer-'));
  const installed = join(consumer, 'node_modules/@workspace-service/client');
  mkdirSync(installed, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], work);
  // Its declared dependency (and that one's type helpers), as npm would install them.
  for (const dependency of ['openapi-fetch', 'openapi-typescript-helpers']) {
    symlinkSync(join(NODE_MODULES, dependency), join(consumer, 'node_modules', dependency));
  }
  if (types.length > 0) {
    mkdirSync(join(consumer, 'node_modules/@types'));
    for (const name of types) {
      symlinkSync(join(NODE_MODULES, '@types', name), join(consumer, 'node_modules/@types', name));
    }
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        types,
        outDir: 'out',
      },
      files: ['main.ts'],
    }),
  );
  return consumer;
}

const tsc = (cwd: string): string =>
  run(
    process.execPath,
    [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'],
    cwd,
  );

describe('@workspace-service/client package', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'wes-client-package-'));
    run(process.execPath, ['scripts/build.mjs'], PACKAGE);
    const [packed] = JSON.parse(
      run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], PACKAGE),
    ) as PackResult[];
    tarball = join(work, packed?.filename ?? '');
  }, 120_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('should pack only dist, README.md and package.json', () => {
    const [result] = JSON.parse(
      run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], PACKAGE),
    ) as PackResult[];
    const files = (result?.files ?? []).map((file) => file.path).sort();

    expect(result?.name).toBe('@workspace-service/client');
    expect(files.filter((file) => !/^(dist\/.+|README\.md|package\.json)$/.test(file))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'package.json',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/generated/openapi.d.ts',
      ]),
    );
    expect(files.filter((file) => /\.spec\.|\/testing\//.test(file))).toEqual([]);
  });

  it('should be usable, typed, from its tarball alone', () => {
    const consumer = consumerProject(work, tarball, []);
    const installed = join(consumer, 'node_modules/@workspace-service/client');
    writeFileSync(
      join(consumer, 'main.ts'),
      [
        "import { WorkspaceApiError, WorkspaceClient, type Session } from '@workspace-service/client';",
        'const answers = [',
        "  new Response(JSON.stringify({ tools: [{ name: 'fs.read_file' }] }), { headers: { 'content-type': 'application/json' } }),",
        "  new Response(JSON.stringify({ error: { code: 'not_found', message: 'session not found', retryable: false } }), { status: 404, headers: { 'content-type': 'application/json' } }),",
        '];',
        "const client = new WorkspaceClient({ baseUrl: 'http://service.test', fetch: async () => answers.shift()! });",
        "const names: string[] = (await client.listTools('session-1')).map((tool) => tool.name);",
        "const missing = await client.getSession('gone').catch((error: unknown) => error);",
        "const id: Session['id'] = 'session-1';",
        '// Never called: only its type-check matters.',
        '// @ts-expect-error an undocumented route is a type error',
        "export const undocumented = () => client.api.GET('/v1/nope');",
        'console.log(JSON.stringify({ names, code: missing instanceof WorkspaceApiError ? missing.code : null, id }));',
      ].join('\n'),
    );

    tsc(consumer);
    const printed = run(process.execPath, ['out/main.js'], consumer);

    expect(JSON.parse(printed)).toEqual({
      names: ['fs.read_file'],
      code: 'not_found',
      id: 'session-1',
    });
    expect(readFileSync(join(installed, 'package.json'), 'utf8')).toContain('"openapi-fetch"');
  });

  it("should run README's TypeScript example, as written, against the service", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /The same from TypeScript[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from '@workspace-service/client'");
    const t = await startTestApp();
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (t.app.getHttpServer().address() as AddressInfo).port;
      const consumer = consumerProject(work, tarball, ['node']);
      // Only the port changes: the example is otherwise compiled and run exactly as printed.
      writeFileSync(
        join(consumer, 'main.ts'),
        (example ?? '').replace('http://localhost:50053', `http://127.0.0.1:${port}`),
      );
      tsc(consumer);
      // Asynchronously: the service answering it runs in this process.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(consumer, 'out/main.js')],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      expect(stdout).toContain('fs.write_file');
      expect(stdout).toMatch(/succeeded \{\s+path: 'notes\/demo.txt',\s+content: 'hola'/);
    } finally {
      await t.close();
    }
  });
});
