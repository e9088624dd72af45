import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject, PathFieldRule, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { buildPolicyInput, buildSession } from '../testing/policy-input.fixture.js';
import { RealpathWorkspace } from '../testing/realpath-workspace.fixture.js';
import { pathFieldsRule } from './path-fields.rule.js';

const WORKSPACE = '/srv/ws/repo';
const PATH_POLICY = { path_fields: [{ field: 'path' }] };
const denied = (message: string) => ({ allowed: false, code: 'policy_denied', message });

const evaluate = (rules: PathFieldRule[], args: JsonObject, allowed_paths: string[] = ['.']) =>
  pathFieldsRule(
    buildPolicyInput({
      policy: { path_fields: rules },
      args,
      session: {
        workspace_path: WORKSPACE,
        allowed_paths,
        runtime: { kind: 'local', workdir: WORKSPACE },
      },
    }),
  );

describe('pathFieldsRule (lexical steps 1–4)', () => {
  it('should skip the field when it is absent, null or an empty string', async () => {
    const rules = [{ field: 'path' }];
    for (const args of [{}, { path: null }, { path: '' }] as JsonObject[]) {
      expect(await evaluate(rules, args, ['src'])).toBeNull();
    }
  });

  it('should deny with invalid path field payload when a single field is not a string', async () => {
    expect(await evaluate([{ field: 'path' }], { path: 3 })).toEqual(
      denied('invalid path field payload'),
    );
    expect(await evaluate([{ field: 'path' }], { path: ['a'] })).toEqual(
      denied('invalid path field payload'),
    );
  });

  it('should deny with invalid path field payload when a multi field is not an array of strings', async () => {
    const rules = [{ field: 'paths', multi: true }];
    expect(await evaluate(rules, { paths: 'a' })).toEqual(denied('invalid path field payload'));
    expect(await evaluate(rules, { paths: ['a', false] })).toEqual(
      denied('invalid path field payload'),
    );
  });

  it('should deny when a path contains a NUL byte', async () => {
    expect(await evaluate([{ field: 'path' }], { path: 'src/a\0b' })).toEqual(
      denied('path escapes workspace'),
    );
  });

  it('should deny when an absolute path lies outside the workspace', async () => {
    expect(await evaluate([{ field: 'path' }], { path: '/etc/passwd' })).toEqual(
      denied('path escapes workspace'),
    );
    expect(await evaluate([{ field: 'path' }], { path: `${WORKSPACE}-other/x` })).toEqual(
      denied('path escapes workspace'),
    );
  });

  it('should allow when an absolute path is the workspace or lies inside it', async () => {
    expect(await evaluate([{ field: 'path' }], { path: WORKSPACE })).toBeNull();
    expect(
      await evaluate([{ field: 'path' }], { path: `${WORKSPACE}/src/a.ts` }, ['src']),
    ).toBeNull();
  });

  it('should deny when a segment is ..', async () => {
    expect(await evaluate([{ field: 'path' }], { path: 'src/../../etc' })).toEqual(
      denied('path escapes workspace'),
    );
  });

  it('should allow names that merely start with dots', async () => {
    expect(await evaluate([{ field: 'path' }], { path: '..cache/x' })).toBeNull();
  });

  it('should deny when the path is outside allowed_paths', async () => {
    expect(await evaluate([{ field: 'path' }], { path: 'docs/a.md' }, ['src'])).toEqual(
      denied('path outside allowed_paths'),
    );
    expect(await evaluate([{ field: 'path' }], { path: 'srcx/a.ts' }, ['src'])).toEqual(
      denied('path outside allowed_paths'),
    );
  });

  it('should allow when the path equals an allowed entry or lies under it', async () => {
    expect(await evaluate([{ field: 'path' }], { path: './src/' }, ['src'])).toBeNull();
    expect(
      await evaluate([{ field: 'path' }], { path: 'src/deep/a.ts' }, ['docs', 'src']),
    ).toBeNull();
  });

  it('should look the field up by dotted path', async () => {
    expect(await evaluate([{ field: 'request.file' }], { request: { file: '../x' } })).toEqual(
      denied('path escapes workspace'),
    );
  });

  it('should check every item of a multi field and skip empty items', async () => {
    const rules = [{ field: 'paths', multi: true }];
    expect(await evaluate(rules, { paths: ['src/a', '', 'src/b'] }, ['src'])).toBeNull();
    expect(await evaluate(rules, { paths: ['src/a', 'docs/b'] }, ['src'])).toEqual(
      denied('path outside allowed_paths'),
    );
  });

  it('should stop at the first failing field in declaration order', async () => {
    const rules = [{ field: 'source_path' }, { field: 'destination_path' }];
    expect(
      await evaluate(rules, { source_path: 'docs/a', destination_path: '../b' }, ['src']),
    ).toEqual(denied('path outside allowed_paths'));
  });
});

describe('pathFieldsRule (real-path step 5)', () => {
  let base: string;
  let workspacePath: string;
  let session: Session;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'policy-path-fields-'));
    workspacePath = join(base, 'repo');
    await mkdir(join(workspacePath, 'src'), { recursive: true });
    await mkdir(join(workspacePath, 'docs'), { recursive: true });
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'secret.txt'), 'secret');
    await writeFile(join(workspacePath, 'src', 'main.ts'), 'export {};');
    await symlink(join(base, 'outside'), join(workspacePath, 'src', 'escape'));
    await symlink('../src', join(workspacePath, 'docs', 'to-src'));
    await symlink(join(base, 'missing-dir', 'file'), join(workspacePath, 'src', 'dangling'));
    await symlink('main.ts', join(workspacePath, 'src', 'alias.ts'));
    session = buildSession({
      workspace_path: workspacePath,
      allowed_paths: ['src', 'docs'],
      runtime: { kind: 'local', workdir: workspacePath },
    });
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const evaluateReal = (path: string, overrides: Partial<Session> = {}) => {
    const current = { ...session, ...overrides };
    return pathFieldsRule(
      buildPolicyInput({
        policy: { path_fields: [{ field: 'path', workspace_relative: true }] },
        args: { path },
        session: current,
        workspace: new RealpathWorkspace(current),
      }),
    );
  };

  it('should deny when a symlink inside the workspace leads outside it', async () => {
    expect(await evaluateReal('src/escape/secret.txt')).toEqual(denied('path escapes workspace'));
  });

  it('should deny when a dangling final symlink points outside the workspace', async () => {
    expect(await evaluateReal('src/dangling')).toEqual(denied('path escapes workspace'));
  });

  it('should deny when a symlink leads from an allowed entry to a path outside allowed_paths', async () => {
    expect(await evaluateReal('docs/to-src/main.ts', { allowed_paths: ['docs'] })).toEqual(
      denied('path outside allowed_paths'),
    );
  });

  it('should allow when symlinks stay inside the workspace and allowed_paths', async () => {
    expect(await evaluateReal('src/alias.ts')).toBeNull();
    expect(await evaluateReal('docs/to-src/main.ts')).toBeNull();
    expect(await evaluateReal('src/new/file.ts')).toBeNull();
  });

  it('should not consult the runtime when the session runs on kubernetes', async () => {
    const workspace = new RealpathWorkspace(session);
    const input = buildPolicyInput({
      policy: { path_fields: [{ field: 'path' }] },
      args: { path: 'src/escape/secret.txt' },
      session: {
        ...session,
        runtime: { kind: 'kubernetes', workdir: workspacePath, pod_name: 'p' },
      },
      workspace,
    });

    expect(await pathFieldsRule(input)).toBeNull();
    expect(workspace.resolved).toEqual([]);
  });

  it('should apply only the lexical steps when no runtime is given', async () => {
    const input = buildPolicyInput({
      policy: PATH_POLICY,
      args: { path: 'src/escape/x' },
      session,
    });
    expect(await pathFieldsRule(input)).toBeNull();
  });

  it('should not consult the runtime when the lexical steps already deny', async () => {
    const workspace = new RealpathWorkspace(session);
    const input = buildPolicyInput({
      policy: PATH_POLICY,
      args: { path: '../x' },
      session,
      workspace,
    });

    expect(await pathFieldsRule(input)).toEqual(denied('path escapes workspace'));
    expect(workspace.resolved).toEqual([]);
  });

  it('should propagate a runtime error that is not a policy denial', async () => {
    const failing = { resolve: () => Promise.reject(new AppException('internal', 'stat failed')) };
    const input = buildPolicyInput({
      policy: PATH_POLICY,
      args: { path: 'src/a' },
      session,
      workspace: failing,
    });

    await expect(pathFieldsRule(input)).rejects.toMatchObject({
      code: 'internal',
      message: 'stat failed',
    });
  });

  it('should propagate an unexpected error from the runtime', async () => {
    const failing = { resolve: () => Promise.reject(new Error('EIO')) };
    const input = buildPolicyInput({
      policy: PATH_POLICY,
      args: { path: 'src/a' },
      session,
      workspace: failing,
    });

    await expect(pathFieldsRule(input)).rejects.toThrow('EIO');
  });
});
