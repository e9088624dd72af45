import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { RepoChangedFilesTool } from './changed-files.tool.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  type ToolWorkspace,
} from '#app/testing';

describe('RepoChangedFilesTool', () => {
  let ws: ToolWorkspace;
  const tool = new RepoChangedFilesTool();
  const git = (...args: string[]): string =>
    execFileSync(
      'git',
      [
        '-c',
        'user.email=t@example.com',
        '-c',
        'user.name=t',
        '-c',
        'init.defaultBranch=main',
        ...args,
      ],
      {
        cwd: ws.root,
        encoding: 'utf8',
      },
    );

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    await ws.write({ 'a.txt': 'a\n', 'src/b.txt': 'b\n', 'old.txt': 'old\n' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('branch', 'base');
    await ws.write({ 'a.txt': 'changed\n', 'src/new.txt': 'n\n' });
    git('mv', 'old.txt', 'renamed.txt');
  });
  afterAll(() => ws.cleanup());

  it('should list working tree changes sorted by path when run without base_ref', async () => {
    const result = await ws.run(tool);
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      source: 'git',
      mode: 'working_tree',
      path: '.',
      command: ['git', 'status', '--porcelain=v1'],
      exit_code: 0,
      changed_count: 3,
      truncated: false,
      summary: '3 changed files',
    });
    const files = (result.output as { changed_files: Array<Record<string, unknown>> })
      .changed_files;
    expect(files.map((file) => [file['path'], file['status']])).toEqual([
      ['a.txt', 'modified'],
      ['renamed.txt', 'renamed'],
      ['src/new.txt', 'untracked'],
    ]);
    expect(files[1]).toMatchObject({ renamed_from: 'old.txt', staged: true });
    expect(JSON.parse(artifactTextOf(result, 'changed-files-summary.json') ?? '{}')).toEqual(
      result.output,
    );
  });

  it('should drop untracked files and cut at max_files with truncated when asked', async () => {
    const result = await ws.run(tool, { include_untracked: false, max_files: 1 });
    expect(result.output).toMatchObject({
      changed_count: 1,
      truncated: true,
      changed_files: [{ path: 'a.txt' }],
    });
  });

  it('should diff committed changes against base_ref when given one', async () => {
    git('commit', '-q', '-am', 'next');
    const result = await ws.run(tool, { base_ref: 'base', path: '.' });
    expect(result.output).toMatchObject({
      mode: 'base_ref_diff',
      base_ref: 'base',
      command: ['git', 'diff', '--name-status', '--find-renames', 'base...HEAD'],
      changed_files: [
        { path: 'a.txt', status: 'modified', index_status: 'M', worktree_status: '' },
        { path: 'renamed.txt', status: 'renamed', renamed_from: 'old.txt' },
      ],
    });
  });

  it('should answer git_repo_error with the result kept when base_ref is unknown', async () => {
    const result = await ws.run(tool, { base_ref: 'no-such-ref' });
    expect(result.error?.code).toBe('git_repo_error');
    expect(result.output).toMatchObject({ exit_code: 128, changed_count: 0 });
  });

  it('should refuse a base_ref that looks like an option', async () => {
    expect(await appFailureOf(ws.run(tool, { base_ref: '--output=x' }))).toEqual({
      code: 'invalid_argument',
      message: 'base_ref must not start with "-"',
    });
  });

  it('should parse provided name-status output below path when output is given', async () => {
    const result = await ws.run(tool, {
      output: 'M\tsrc/x.go\nA\tdocs/y.md\n',
      path: join(ws.root, 'src'),
    });
    expect(result.output).toMatchObject({
      source: 'provided_output',
      mode: 'provided_name_status',
      path: 'src',
      command: [],
      changed_files: [{ path: 'src/x.go', status: 'modified' }],
    });
    expect(result.logs).toEqual([]);
  });
});
