import { createToolWorkspace, type ToolWorkspace } from '#app/testing';
import { CARGO_LOCK, NPM_PACKAGE_LOCK_V3 } from './testing/fixture-repositories.js';
import { SecurityScanDependenciesTool } from './scan-dependencies.tool.js';

describe('SecurityScanDependenciesTool', () => {
  let ws: ToolWorkspace;
  const tool = new SecurityScanDependenciesTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'security-tools-' });
  });
  afterEach(() => ws.cleanup());

  it('should return the inventory cut at max_dependencies with both artifacts holding the full list', async () => {
    await ws.write({
      'package.json': '{}',
      'package-lock.json': NPM_PACKAGE_LOCK_V3,
      'Cargo.lock': CARGO_LOCK,
    });
    const result = await ws.run(tool, { max_dependencies: 2 });
    expect(result.output).toEqual({
      project_type: 'node',
      command: ['lockfile', 'package-lock.json', 'Cargo.lock'],
      scanner: 'workspace-inventory-v1',
      dependencies_count: 5,
      dependencies: [
        { name: 'serde', version: '1.0.193', ecosystem: 'cargo', license: 'unknown' },
        { name: '@scope/util', version: '2.1.0', ecosystem: 'npm', license: 'GPL-3.0-only' },
      ],
      truncated: true,
      exit_code: 0,
      summary: 'found 5 dependencies (cargo 1, npm 4)',
      diagnostics: [],
    });
    expect(result.artifacts?.map((artifact) => [artifact.name, artifact.content_type])).toEqual([
      ['dependency-scan-output.txt', 'text/plain; charset=utf-8'],
      ['dependency-inventory.json', 'application/json'],
    ]);
    expect(JSON.parse(result.artifacts?.[1]?.data.toString('utf8') ?? '')).toHaveLength(5);
    expect(result.artifacts?.[0]?.data.toString('utf8')).toContain('npm lodash 4.17.21 MIT');
  });

  it('should put a malformed manifest into the summary and the diagnostics', async () => {
    await ws.write({ 'pom.xml': '<project><dependencies></project>', 'Cargo.lock': CARGO_LOCK });
    const result = await ws.run(tool);
    const output = result.output as { summary: string; diagnostics: Array<{ file: string }> };
    expect(output.summary).toMatch(/^found 1 dependency \(cargo 1\); pom\.xml: malformed file: /);
    expect(output.diagnostics.map((entry) => entry.file)).toEqual(['pom.xml']);
    expect(result.error).toBeUndefined();
  });

  it('should return an execution_failed error when nothing can be inventoried', async () => {
    await ws.write({ 'CMakeLists.txt': '' });
    const result = await ws.run(tool);
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'dependency inventory not supported for project type c',
    });
    expect(result.exit_code).toBe(1);
  });
});
