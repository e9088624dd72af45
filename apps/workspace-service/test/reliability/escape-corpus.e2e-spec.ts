import { spawn } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { JsonObject, PathFieldRule } from '#app/contracts';
import { ToolRegistry } from '#app/tool-registry';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-WORKSPACE';
const ESCAPES = { code: 'policy_denied', message: 'path escapes workspace', retryable: false };

const LONG_PATH = `${'a'.repeat(200)}/`.repeat(21);
const LONG_NAME = 'n'.repeat(5000);
/**
 * Known finding (reported): the policy's real-path walk fails with ENAMETOOLONG and the invocation
 * ends 500 `internal` `policy evaluation failed` instead of a 4xx. Contained (nothing leaks), so the
 * sweep tolerates it; the `.failing` test below pins it until it is fixed.
 */
const KNOWN_INTERNAL = new Set<string>();

// [label, raw path, must be refused with `path escapes workspace`]
const CORPUS: Array<[string, string | ((outside: string, workspace: string) => string), boolean]> =
  [
    ['a parent segment', '../x', true],
    ['a nested parent segment', 'sandbox/../../x', true],
    [
      'a parent of the workspace root by absolute path',
      (_outside, workspace) => `${workspace}/../x`,
      true,
    ],
    ['a foreign absolute path', '/etc/passwd', true],
    ['an absolute path to the outside directory', (outside) => `${outside}/secret.txt`, true],
    ['a NUL byte', 'sandbox/s.txt\u0000x', true],
    ['a symlinked file escaping', 'file-escape', true],
    ['a dangling symlink escaping', 'dangling-escape', true],
    ['a symlinked directory escaping', 'dir-escape', true],
    ['a symlinked parent escaping (existing file)', 'dir-escape/secret.txt', true],
    ['a symlinked parent escaping (new file)', 'dir-escape/new.txt', true],
    ['a nested relative symlink escaping', 'sandbox/up/outside/secret.txt', true],
    ['a very long path (> 4096 characters)', LONG_PATH, false],
    ['a very long name (> 255 bytes)', LONG_NAME, false],
    ['a two-dot leader look-alike', '‥/x', false],
    ['fullwidth full stops', '．．/x', false],
    ['a fullwidth solidus', '..／x', false],
    ['a division slash', '..∕..∕x', false],
    ['an encoded parent', '%2e%2e/x', false],
  ];

interface Slot {
  tool: string;
  field: PathFieldRule;
  build: (value: string) => JsonObject;
}

/** The smallest args satisfying `schema` (required members only), with `field` set to `value`. */
function argsFor(
  schema: JsonObject,
  rule: PathFieldRule,
  others: PathFieldRule[],
  value: string,
): JsonObject {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonObject>;
  const args: JsonObject = {};
  for (const name of (schema['required'] ?? []) as string[]) {
    const property = properties[name] ?? {};
    const enumValues = property['enum'] as string[] | undefined;
    switch (property['type']) {
      case 'integer':
      case 'number':
        args[name] = property['minimum'] ?? 1;
        break;
      case 'boolean':
        args[name] = false;
        break;
      case 'array':
        args[name] = ['x'];
        break;
      case 'object':
        args[name] = {};
        break;
      default:
        args[name] = enumValues?.[0] ?? 'x';
    }
  }
  for (const other of others) {
    args[other.field] = other.field.startsWith('source') ? 'sandbox/s.txt' : 'sandbox/out';
  }
  args[rule.field] = rule.multi ? [value] : value;
  return args;
}

/** Every file under `dir` with its content (symlinks as their link text), for before/after checks. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(`${full}/`, ...snapshot(full));
    } else if (entry.isFile()) {
      out.push(`${full}=${readFileSync(full, 'utf8')}:${statSync(full).mode.toString(8)}`);
    } else {
      out.push(`${full}@`);
    }
  }
  return out.sort();
}

// Issue #8.1: every path-taking tool of the running app (every capability with policy.path_fields)
// refuses or contains every escape, and a symlink swapped during the call never leads a write out.
describe('escape corpus over every path-taking tool of the app', () => {
  let t: TestApp;
  let sessionId: string;
  let workspace: string;
  let outside: string;
  let slots: Slot[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
    outside = join(t.root, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), SECRET);
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: {
          tenant_id: 't',
          actor_id: 'a',
          roles: ['developer', 'devops', 'platform_admin'],
        },
      },
    });
    sessionId = created.body.session.id;
    workspace = created.body.session.workspace_path;
    mkdirSync(join(workspace, 'sandbox'));
    writeFileSync(join(workspace, 'sandbox/s.txt'), 'sandboxed');
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'file-escape'));
    symlinkSync(join(outside, 'created-by-attack.txt'), join(workspace, 'dangling-escape'));
    symlinkSync(outside, join(workspace, 'dir-escape'));
    symlinkSync('../../../../..', join(workspace, 'sandbox/up'));
    // The relative link must really reach the temp root, where `outside` lives.
    expect(readFileSync(join(workspace, 'sandbox/up/outside/secret.txt'), 'utf8')).toBe(SECRET);

    slots = t.app
      .get(ToolRegistry)
      .list()
      .flatMap(({ capability }) =>
        (capability.policy.path_fields ?? []).map((field) => ({
          tool: capability.name,
          field,
          build: (value: string) =>
            argsFor(
              capability.input_schema,
              field,
              (capability.policy.path_fields ?? []).filter((other) => other !== field),
              value,
            ),
        })),
      );
  });

  afterAll(() => t.close());

  it('should find the path-taking tools of every family in the registry', () => {
    const tools = new Set(slots.map((slot) => slot.tool));
    expect([...tools]).toEqual(
      expect.arrayContaining([
        'fs.read_file',
        'fs.write_file',
        'fs.copy',
        'git.diff',
        'artifact.upload',
      ]),
    );
    expect(slots.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CORPUS)(
    'should refuse or contain %s in every path field',
    async (_label, raw, mustRefuse) => {
      const value = typeof raw === 'string' ? raw : raw(outside, workspace);
      const before = snapshot(outside);
      const problems: string[] = [];
      for (const slot of slots) {
        const response = await t.request(
          'POST',
          `/v1/sessions/${sessionId}/tools/${slot.tool}/invoke`,
          {
            body: { approved: true, args: slot.build(value) },
          },
        );
        const where = `${slot.tool} ${slot.field.field}: ${response.status} ${response.text.slice(0, 160)}`;
        if (response.text.includes(SECRET)) {
          problems.push(`leaked the secret: ${where}`);
        }
        if (
          mustRefuse &&
          (response.status !== 403 ||
            JSON.stringify(response.body.error) !== JSON.stringify(ESCAPES))
        ) {
          problems.push(`not refused: ${where}`);
        }
        // Contained cases may fail inside the workspace (not found, bad name, not a repository) but
        // never as a service fault.
        if (response.body.error?.code === 'internal' && !KNOWN_INTERNAL.has(value)) {
          problems.push(`internal error: ${where}`);
        }
      }
      expect(problems).toEqual([]);
      expect(snapshot(outside)).toEqual(before);
    },
    60_000,
  );

  it.each([LONG_PATH, LONG_NAME].map((path) => [path.length, path]))(
    'should answer a 4xx, not 500 internal, to a %s-character path',
    async (_length, path) => {
      const response = await t.request(
        'POST',
        `/v1/sessions/${sessionId}/tools/fs.read_file/invoke`,
        { body: { args: { path } } },
      );
      expect(response.status).toBeLessThan(500);
    },
  );

  it.each([
    ['a directory swapped for an escaping symlink', 'dir'],
    ['a symlink retargeted between inside and outside', 'link'],
  ])(
    'should never write outside the workspace when %s during fs.write_file calls',
    async (_label, mode) => {
      const target = join(workspace, `race-${mode}`);
      mkdirSync(join(workspace, `inside-${mode}`));
      if (mode === 'dir') {
        mkdirSync(target);
      } else {
        symlinkSync(join(workspace, `inside-${mode}`), target);
      }
      // The swapper is another process so it races the service for real, not between awaits.
      const swapper = spawn(
        process.execPath,
        [
          '-e',
          `
        const fs = require('node:fs');
        const [target, outside, inside, mode] = process.argv.slice(1);
        const end = Date.now() + 20000;
        let escaped = false;
        while (Date.now() < end) {
          try {
            if (mode === 'dir') {
              if (!escaped) { fs.renameSync(target, target + '.bak'); fs.symlinkSync(outside, target); }
              else { fs.unlinkSync(target); fs.renameSync(target + '.bak', target); }
            } else {
              fs.symlinkSync(escaped ? inside : outside, target + '.tmp');
              fs.renameSync(target + '.tmp', target);
            }
            escaped = !escaped;
          } catch {}
        }
        `,
          target,
          outside,
          join(workspace, `inside-${mode}`),
          mode,
        ],
        { stdio: 'ignore' },
      );
      const statuses = new Map<number, number>();
      try {
        const deadline = Date.now() + 4000;
        for (let i = 0; Date.now() < deadline; i++) {
          const response = await t.request(
            'POST',
            `/v1/sessions/${sessionId}/tools/fs.write_file/invoke`,
            {
              body: {
                approved: true,
                args: { path: `race-${mode}/pwn-${i}.txt`, content: 'pwned' },
              },
            },
          );
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      } finally {
        swapper.kill('SIGKILL');
      }
      const landed = readdirSync(outside).filter((name) => name !== 'secret.txt');
      expect({ landed, statuses: Object.fromEntries(statuses) }).toEqual({
        landed: [],
        statuses: expect.any(Object),
      });
      // Writes really went through while the swapper ran. Whether one also met the symlink (and was
      // refused) depends on scheduling; say so loudly rather than fail on timing.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
      if (![...statuses.keys()].some((status) => status !== 200)) {
        console.warn(
          `escape race (${mode}): no write met the swapped symlink this run; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
        );
      }
    },
    30_000,
  );
});
