import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { SecurityToolsModule } from './security-tools.module.js';

// CATALOG.md 2 rows 95, 96, 98, 99 and A1–A3: scope, risk, timeout, output KB.
const TABLE: Array<[string, string, string, number, number, string | undefined]> = [
  ['deps.list', 'repo', 'low', 180, 2048, 'security.scan_dependencies'],
  ['license.check', 'repo', 'medium', 180, 4096, 'security.license_check'],
  ['sbom.generate', 'repo', 'low', 240, 2048, undefined],
  ['secrets.scan', 'workspace', 'low', 90, 2048, 'security.scan_secrets'],
  ['security.license_check', 'repo', 'medium', 180, 4096, undefined],
  ['security.scan_container', 'repo', 'low', 240, 4096, undefined],
  ['security.scan_dependencies', 'repo', 'low', 180, 2048, undefined],
  ['security.scan_secrets', 'workspace', 'low', 90, 2048, undefined],
];

describe('SecurityToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    // Registration compiles every schema and validates every example (CATALOG.md 1.9).
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, SecurityToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register the five tools and their three aliases', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name),
    );
  });

  it.each(TABLE)(
    'should publish the catalog row of %s',
    (name, scope, risk, timeout, outputKb, aliasOf) => {
      const capability = registry.get(name)?.capability;
      expect(capability).toMatchObject({
        scope,
        side_effects: 'none',
        risk_level: risk,
        requires_approval: false,
        idempotency: 'guaranteed',
        constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: outputKb },
        policy: { path_fields: [{ field: 'path', workspace_relative: true }] },
      });
      expect(capability?.alias_of).toBe(aliasOf);
      if (aliasOf !== undefined) {
        expect(capability?.description.startsWith(`Alias of ${aliasOf}. `)).toBe(true);
      }
    },
  );

  it('should enforce the documented argument ranges', () => {
    expect(registry.validateArgs('security.scan_dependencies', { max_dependencies: 5001 }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('security.scan_secrets', { max_results: 0 }).ok).toBe(false);
    expect(registry.validateArgs('security.license_check', { unknown_policy: 'ignore' }).ok).toBe(
      false,
    );
    expect(
      registry.validateArgs('security.license_check', {
        allowed_licenses: ['MIT'],
        unknown_policy: 'deny',
      }).ok,
    ).toBe(true);
    expect(registry.validateArgs('sbom.generate', { format: 'spdx-json' }).ok).toBe(false);
    expect(registry.validateArgs('sbom.generate', { max_components: 10000 }).ok).toBe(true);
  });
});
