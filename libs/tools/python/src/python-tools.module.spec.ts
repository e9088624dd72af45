import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { PythonToolsModule } from './python-tools.module.js';

// CATALOG.md 2 rows 49–51 and 22.
const TABLE: Array<[string, string, string, string, number, number, string[]]> = [
  [
    'python.install_deps',
    'reversible',
    'medium',
    'best-effort',
    300,
    2048,
    ['requirements_file', 'constraints_file'],
  ],
  ['python.test', 'reversible', 'medium', 'best-effort', 300, 2048, ['target']],
  ['python.validate', 'none', 'low', 'guaranteed', 180, 1024, ['target']],
];

describe('PythonToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, PythonToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the three python tools when the module is loaded', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name),
    );
  });

  it.each(TABLE)(
    'should publish the catalog row of %s',
    (name, side, risk, idempotency, timeout, kb, paths) => {
      expect(registry.get(name)?.capability).toMatchObject({
        scope: 'repo',
        side_effects: side,
        risk_level: risk,
        requires_approval: false,
        idempotency,
        constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: kb },
        policy: { path_fields: paths.map((field) => ({ field, workspace_relative: true })) },
      });
    },
  );

  it('should reject max_fail outside 1–20', () => {
    expect(registry.validateArgs('python.test', { max_fail: 21 }).ok).toBe(false);
    expect(registry.validateArgs('python.test', { max_fail: 0 }).ok).toBe(false);
    expect(registry.validateArgs('python.test', { max_fail: 20 }).ok).toBe(true);
  });
});
