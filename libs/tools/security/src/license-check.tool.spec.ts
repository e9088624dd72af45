import { createToolWorkspace, type ToolWorkspace } from '#app/testing';
import { NPM_PACKAGE_LOCK_V3 } from './testing/fixture-repositories.js';
import { SecurityLicenseCheckTool } from './license-check.tool.js';

describe('SecurityLicenseCheckTool', () => {
  let ws: ToolWorkspace;
  const tool = new SecurityLicenseCheckTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'security-tools-' });
    await ws.write({ 'package.json': '{}', 'package-lock.json': NPM_PACKAGE_LOCK_V3 });
  });
  afterEach(() => ws.cleanup());

  it('should fail (as a normal result) when a dependency has a denied license', async () => {
    const result = await ws.run(tool, { denied_licenses: ['gpl-3.0-only'] });
    expect(result.error).toBeUndefined();
    expect(result.exit_code).toBe(1);
    expect(result.output).toMatchObject({
      status: 'fail',
      dependencies_count: 4,
      allowed_count: 2,
      denied_count: 1,
      unknown_count: 1,
      violations: [
        {
          name: '@scope/util',
          version: '2.1.0',
          ecosystem: 'npm',
          license: 'GPL-3.0-only',
          reason: 'matched denied license: GPL-3.0-ONLY',
        },
      ],
      denied_licenses: ['GPL-3.0-ONLY'],
      allowed_licenses: [],
      unknown_policy: 'warn',
      license_source_command: ['lockfile', 'package-lock.json'],
      truncated: false,
      exit_code: 1,
    });
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual([
      'license-check-output.txt',
      'license-check-report.json',
    ]);
  });

  it('should warn on unknown licenses by default and fail on them with unknown_policy deny', async () => {
    const allowed = ['MIT', 'GPL-3.0-only', 'WTFPL'];
    expect(await ws.run(tool, { allowed_licenses: allowed })).toMatchObject({
      output: { status: 'warn', violations: [] },
      exit_code: 0,
    });
    const denied = await ws.run(tool, {
      allowed_licenses: allowed,
      unknown_policy: 'deny',
      max_dependencies: 1,
    });
    expect(denied.output).toMatchObject({
      status: 'fail',
      violations: [{ name: 'no-license', license: 'unknown', reason: 'license unknown' }],
      dependencies: [{ name: '@scope/util', verdict: 'allowed' }],
      truncated: true,
    });
  });

  it('should pass when every license is allowed', async () => {
    await ws.write({
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: { 'node_modules/a': { version: '1.0.0', license: 'MIT' } },
      }),
    });
    expect((await ws.run(tool, {})).output).toMatchObject({ status: 'pass', allowed_count: 1 });
  });
});
