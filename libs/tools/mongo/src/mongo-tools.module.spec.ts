import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { databaseMatcher } from './mongo-args.js';
import { MongoToolsModule } from './mongo-tools.module.js';

describe('MongoToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadAppConfig({})), ToolRegistryModule, MongoToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  // CATALOG.md 2 rows 75–76.
  it.each(['mongo.find', 'mongo.aggregate'])('should publish the catalog row of %s', (name) => {
    expect(registry.get(name)?.capability).toMatchObject({
      scope: 'external',
      side_effects: 'none',
      risk_level: 'medium',
      requires_approval: false,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: 30, max_retries: 0, output_limit_kb: 2048 },
      policy: { profile_fields: [{ field: 'profile_id' }] },
    });
  });

  it('should enforce the documented ranges in the schema', () => {
    const base = { profile_id: 'p', database: 'd', collection: 'c' };
    expect(registry.validateArgs('mongo.find', { ...base, limit: 201 }).ok).toBe(false);
    expect(registry.validateArgs('mongo.find', { ...base, filter: [] }).ok).toBe(false);
    expect(registry.validateArgs('mongo.aggregate', { ...base, pipeline: [1] }).ok).toBe(false);
    expect(
      registry.validateArgs('mongo.aggregate', {
        ...base,
        pipeline: [{ $match: {} }],
        timeout_ms: 10_000,
      }).ok,
    ).toBe(true);
  });

  it('should match databases by *, exact name and a single-* glob only', () => {
    expect(databaseMatcher('*', 'any')).toBe(true);
    expect(databaseMatcher('dev', 'dev')).toBe(true);
    expect(databaseMatcher('team_*', 'team_a')).toBe(true);
    expect(databaseMatcher('*_ro', 'x_ro')).toBe(true);
    expect(databaseMatcher('dev', 'dev2')).toBe(false);
    expect(databaseMatcher('a*b*', 'axbx')).toBe(false);
  });
});
