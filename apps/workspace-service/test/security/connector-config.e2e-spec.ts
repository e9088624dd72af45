import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnService } from '../support/service-process.js';

// Issue 11, finding 14: the server profiles are configuration, validated at startup with the
// configuration error format; a malformed list stops the built service with exit code 1.
describe('WORKSPACE_CONN_PROFILES_JSON at startup (issue 11: finding 14)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'wes-conn-cfg-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    [
      '[{"id":"dev.redis","kind":"redis","read_only":false,"endpoint":"x:1"}]',
      'profile "dev.redis" has unknown member "endpoint"',
    ],
    [
      '[{"id":"dev.redis","kind":"redis"}]',
      'profile "dev.redis" must set "read_only" to true or false',
    ],
    ['{"dev.redis":{}}', 'must be a JSON array of profile objects'],
  ])(
    'should exit 1 with the configuration problem for %s',
    async (value, rule) => {
      const service = spawnService(
        {
          WORKSPACE_ROOT: join(root, 'w'),
          ARTIFACT_ROOT: join(root, 'a'),
          WORKSPACE_CONN_PROFILES_JSON: value,
        },
        await freePort(),
      );
      expect(await service.exited).toBe(1);
      expect(service.stderr()).toMatch(
        /^invalid configuration \(1 problem\):\n {2}WORKSPACE_CONN_PROFILES_JSON: /,
      );
      expect(service.stderr()).toContain(`WORKSPACE_CONN_PROFILES_JSON: ${rule} (got "`);
      expect(service.stdout()).toBe('');
    },
    30_000,
  );
});
