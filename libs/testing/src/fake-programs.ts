import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotProcessEnvironment } from '#app/config';

/** What a fake program does when its first argument is `when` (absent = any other call). */
export interface FakeResponse {
  when?: string;
  output?: string;
  exitCode?: number;
}

export interface FakePrograms {
  /** The directory holding the fakes; put it first on the runner's PATH. */
  dir: string;
  /** `dir` prepended to `basePath`; `fakes.dir` alone is an isolated PATH (fakes and linked programs only). */
  path(basePath?: string): string;
  /** Every recorded call in order: `[program, ...args]`. */
  calls(): Promise<string[][]>;
  cleanup(): Promise<void>;
}

const FIELD = '\u001f';

/**
 * Writes small POSIX shell executables that record their argv and print canned output, for
 * testing real command construction against programs this sandbox cannot run (podman, buildah,
 * docker, trivy…). Each program answers by its first argument; without a matching `when` the
 * response without `when` applies, else it prints nothing and exits 0.
 */
export async function createFakePrograms(
  programs: Record<string, FakeResponse[]>,
  options: { link?: string[] } = {},
): Promise<FakePrograms> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-bin-'));
  // Real programs the code under test also needs (cat, find, sh) when PATH is only `dir`.
  for (const program of options.link ?? []) {
    const target = execFileSync('sh', ['-c', 'command -v "$1"', 'sh', program], {
      encoding: 'utf8',
    }).trim();
    await symlink(target, join(dir, program));
  }
  const record = join(dir, 'calls.log');
  await writeFile(record, '');
  for (const [name, responses] of Object.entries(programs)) {
    await writeFile(join(dir, name), script(name, record, responses));
    await chmod(join(dir, name), 0o755);
  }
  return {
    dir,
    path: (basePath = snapshotProcessEnvironment()['PATH'] ?? '') => `${dir}:${basePath}`,
    async calls() {
      const text = await readFile(record, 'utf8');
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split(FIELD));
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

function script(name: string, record: string, responses: FakeResponse[]): string {
  const lines = [
    '#!/bin/sh',
    `{ printf '%s' ${quote(name)}; for a in "$@"; do printf '\\037%s' "$a"; done; printf '\\n'; } >> ${quote(record)}`,
    'case "$1" in',
  ];
  const ordered = [
    ...responses.filter((item) => item.when !== undefined),
    ...responses.filter((item) => item.when === undefined),
  ];
  for (const response of ordered) {
    const pattern = response.when === undefined ? '*' : quote(response.when);
    lines.push(`  ${pattern})`);
    if (response.output !== undefined && response.output !== '') {
      // printf is a shell builtin: the fake needs no other program on PATH.
      lines.push(`    printf '%s\\n' ${quote(response.output)}`);
    }
    lines.push(`    exit ${response.exitCode ?? 0};;`);
  }
  lines.push('esac', 'exit 0', '');
  return lines.join('\n');
}

function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
