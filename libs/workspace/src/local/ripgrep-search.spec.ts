import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';

import type { CommandRunner } from '../command-runner.port.js';
import { BubblewrapCommandRunner } from './bubblewrap-command-runner.js';
import { LocalCommandRunner } from './local-command-runner.js';
import { LocalWorkspaceRuntime } from './local-workspace-runtime.js';
import { MAX_LINE_BYTES } from './local-search.js';
import { INVALID_UTF8_LINE } from './ripgrep-pattern.js';
import { RipgrepSearch, type RipgrepRequest } from './ripgrep-search.js';
import { SandboxLayout } from './sandbox-layout.js';
import { SandboxNetwork } from './sandbox-network.js';

// Differential test (issue 16): the ripgrep-backed fs.search and the pure re2js walk must give
// identical outputs — or ripgrep must refuse (and the walk answer alone), which is asserted too.

const ripgrepInstalled = (() => {
  try {
    execFileSync('rg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!ripgrepInstalled) {
  console.warn('\n!!! SKIPPED: ripgrep differential tests — rg is not installed here !!!\n');
}

const plain = new LocalCommandRunner({ serviceEnv: process.env });
const scratch = mkdtempSync(join(tmpdir(), 'rg-differential-'));
const workspace = join(scratch, 'repo');
const outside = join(scratch, 'outside');

/** Records whether ripgrep nominated files (true) or refused (false) for the last search. */
class RecordingRipgrep extends RipgrepSearch {
  used: boolean | undefined;

  override async candidates(runner: CommandRunner, request: RipgrepRequest) {
    const files = await super.candidates(runner, request);
    this.used = files !== null;
    return files;
  }
}

function session(): Session {
  return {
    id: 'session-0123456789abcdef',
    workspace_path: workspace,
    runtime: { kind: 'local', workdir: workspace },
    allowed_paths: ['.'],
    principal: { tenant_id: 't1', actor_id: 'a1', roles: [] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
}

function write(relative: string | Buffer, data: string | Buffer): void {
  const path =
    typeof relative === 'string'
      ? join(workspace, relative)
      : Buffer.concat([Buffer.from(`${workspace}/`), relative]);
  writeFileSync(path, data);
}

function buildFixture(): void {
  for (const dir of ['src', 'a', '.hidden', 'sub', '.git', 'deep/er/still']) {
    mkdirSync(join(workspace, dir), { recursive: true });
  }
  mkdirSync(outside);
  write(
    'src/a.ts',
    [
      'hello world',
      'Hello World',
      'foo_bar = 42',
      'tab\tsep',
      'ünïcödé straße',
      '日本語テキスト',
      'emoji 😀 here',
      'a.b and a+b',
      '[brackets] & more && less',
      'path/to/file x-y',
      'éfoo',
      'foo',
      'aéb',
      'KELVIN \u212a sign',
      'long \u017f s',
      'back\\slash $dollar ^caret',
      'x{,2}',
      'a1 b22 c333',
      'CamelCaseName',
      '  indented',
      'trailing  ',
      'ΑΒΓ greek',
      '',
    ].join('\n'),
  );
  write('crlf.txt', 'line one\r\nfoo\r\nbar\r\n\r\nhello crlf\r\n');
  write(
    'latin1.txt',
    Buffer.concat([
      Buffer.from('caf'),
      Buffer.from([0xe9]),
      Buffer.from(' au lait\n'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' junk\nabc'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('\nhello latin\n'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from(' surrogate\n'),
    ]),
  );
  write(
    'bin.dat',
    Buffer.concat([Buffer.from('hello binary\n'), Buffer.alloc(4), Buffer.from('x')]),
  );
  write(
    'late-nul.txt',
    Buffer.concat([
      Buffer.from(`${'padding line\n'.repeat(800)}`),
      Buffer.from([0]),
      Buffer.from('hello late\n'),
    ]),
  );
  write(
    'long.txt',
    `hello ${'y'.repeat(MAX_LINE_BYTES)}\nhello short\n${'z'.repeat(1500)} hello snippet\n`,
  );
  write('.hidden/secret.txt', 'hello hidden\n');
  write('.env', 'foo=hello env\n');
  write('.gitignore', 'ignored.txt\n*.log\n');
  write('ignored.txt', 'hello ignored\n');
  write('debug.log', 'hello log\n');
  write('.ignore', 'src\n');
  write('.rgignore', 'a\n');
  write('.git/config', 'hello git\n');
  write('sub/.git', 'gitdir: hello submodule\n');
  write('empty.txt', '');
  write('utf16.txt', Buffer.from('\ufeffhello utf16\n', 'utf16le'));
  write('bom8.txt', '\ufeffhello bom\n');
  write('a-b.txt', 'order\n');
  write('a/z.txt', 'order\n');
  write('a.txt', 'order\n');
  write('deep/er/still/n.txt', 'order hello deep\n');
  write(Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]), 'hello bad name\n');
  write('many.txt', Array.from({ length: 50 }, (_, i) => `match ${i}`).join('\n'));
  writeFileSync(join(outside, 'secret.txt'), 'hello outside\nroot:x:0:0\n');
  symlinkSync('src', join(workspace, 'link-in'));
  symlinkSync('src/a.ts', join(workspace, 'link-file'));
  symlinkSync(outside, join(workspace, 'link-out'));
  symlinkSync(join(outside, 'secret.txt'), join(workspace, 'link-secret'));
  symlinkSync('/etc/passwd', join(workspace, 'link-etc'));
}

/** Patterns ripgrep must refuse (the walk answers alone); every other one must go through rg. */
const REFUSED = new Set([
  '',
  '^$',
  'x*',
  '(?i)ünï',
  '(?i)αβγ',
  '\\p{Greek}',
  '\\PL',
  '(?m)^foo',
  '\\Qa.b\\E',
  '[--/]',
  '(?i)\\W',
  'a\nb',
  '\\141',
]);

const PATTERNS = [
  'hello',
  'Hello',
  '(?i)hello',
  'hel+o',
  'h.llo',
  '^foo',
  'bar$',
  '\\bfoo\\b',
  '\\Bfoo',
  'foo\\b',
  '\\w+_\\w+',
  '\\W',
  'a\\Wb',
  '\\d{2}',
  '\\D\\d',
  '\\s+sep',
  '^\\S+$',
  '[[:alpha:]]+ ',
  '[^a-z ]',
  '[\\w-]{6}',
  '[^\\W]',
  '[^\\D]{3}',
  'straße',
  '(?i)STRASSE',
  '(?i)straSSe',
  '日本',
  '.本',
  '😀',
  '^.{5}$',
  '^.{6}$',
  'caf.',
  'caf\\x{FFFD}',
  '\\x{FFFD}',
  '[^\\x00-\\x7f]',
  'abc.$',
  'junk',
  'au lait',
  '[a-z]+ junk',
  'surrogate',
  'abc$',
  '\\r$',
  'foo\\r',
  'one$',
  '\\Ahello',
  'world\\z',
  'a\\.b',
  'a\\+b',
  '\\[brackets\\]',
  '[&]{2}',
  '[a&&b]',
  '[~]',
  'path/to',
  'path\\/to',
  'x\\-y',
  'x\\{,2\\}',
  '\\\\',
  '\\$dollar',
  '\\^caret',
  '\\t',
  '\\x41',
  '\\x00',
  '(?i)k',
  '(?i)kelvin',
  '\u212a',
  '(?i)s$',
  '\u017f',
  '(?U)a+',
  'a|b|c',
  '(foo|bar)baz?',
  '(?P<name>foo)',
  '(?s)a.b',
  'late',
  'hidden',
  'ignored',
  'outside',
  'root:',
  'gitdir',
  'hello git',
  'order',
  'bom',
  'utf16',
  'snippet',
  'match \\d+',
  'ΑΒΓ',
  '[[:^alpha:]]',
  '^[[:space:]]+',
  '(y+y+)+z',
  '(a|aa)+$',
  '((x*)*)*q',
  ...REFUSED,
];

const INVALID = ['(a)\\1', '(?=x)', '(?<=x)', '(', '[a', 'a{2,1}', '*', 'a**', '\\8'];

function sandboxRunner(): BubblewrapCommandRunner {
  return new BubblewrapCommandRunner(plain, {
    layout: new SandboxLayout({
      hiddenPaths: [],
      searchPath: (process.env['PATH'] ?? '').split(':'),
    }),
    network: new SandboxNetwork(),
  });
}

const sandbox = sandboxRunner();
await sandbox.probe();
const sandboxUsable = sandbox.describe() === 'ok';
if (!sandboxUsable) {
  console.warn(`\n!!! SKIPPED: ripgrep in the sandbox — ${sandbox.describe()} !!!\n`);
}

beforeAll(() => {
  mkdirSync(workspace);
  buildFixture();
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppException) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
}

const runners: Array<[string, CommandRunner, boolean]> = [
  ['plain runner', plain, ripgrepInstalled],
  ['bubblewrap sandbox', sandbox, ripgrepInstalled && sandboxUsable],
];

// The walk never runs a program, so its answer does not depend on the runner: each one is computed
// once and compared with ripgrep's through both runners (the walk is most of this file's time).
const walked = new Map<string, Promise<unknown>>();
function walkOutcome(
  walk: LocalWorkspaceRuntime,
  path: string,
  pattern: string,
  max: number,
): Promise<unknown> {
  const key = JSON.stringify([path, pattern, max]);
  let answer = walked.get(key);
  if (answer === undefined) {
    answer = outcome(walk.search(path, pattern, max));
    walked.set(key, answer);
  }
  return answer;
}

describe.each(runners)('fs.search with ripgrep (%s) vs the re2js walk', (_name, runner, usable) => {
  const walk = new LocalWorkspaceRuntime(session(), runner, null);
  const ripgrep = new RecordingRipgrep();
  const withRipgrep = new LocalWorkspaceRuntime(session(), runner, ripgrep);

  (usable ? it : it.skip).each(PATTERNS.map((pattern) => [pattern]))(
    'should give identical results for %j',
    async (pattern) => {
      for (const path of ['.', 'link-in']) {
        for (const max of [2000, 3]) {
          ripgrep.used = undefined;
          const expected = await walkOutcome(walk, path, pattern, max);
          const actual = await outcome(withRipgrep.search(path, pattern, max));
          expect(actual).toEqual(expected);
          expect(ripgrep.used === true).toBe(!REFUSED.has(pattern));
        }
      }
    },
  );

  (usable ? it : it.skip)(
    'should find what the fixture promises (the corpus is not vacuous)',
    async () => {
      const paths = async (pattern: string) =>
        (await withRipgrep.search('.', pattern, 2000)).matches.map((m) => `${m.path}:${m.line}`);
      expect(await paths('order')).toEqual([
        'a-b.txt:1',
        'a.txt:1',
        'a/z.txt:1',
        'deep/er/still/n.txt:1',
      ]);
      expect(await paths('hello')).toEqual([
        '.env:1',
        '.hidden/secret.txt:1',
        'bom8.txt:1',
        'crlf.txt:5',
        'debug.log:1',
        'deep/er/still/n.txt:1',
        'ignored.txt:1',
        'late-nul.txt:801',
        'latin1.txt:4',
        'long.txt:2',
        'long.txt:3',
        'src/a.ts:1',
        'sub/.git:1',
      ]);
      expect(await paths('caf.')).toEqual(['latin1.txt:1']);
      expect(await paths('outside|root:')).toEqual([]);
      const truncated = await withRipgrep.search('.', 'match \\d+', 3);
      expect(truncated).toMatchObject({ truncated: true });
      expect(truncated.matches.map((m) => m.snippet)).toEqual(['match 0', 'match 1', 'match 2']);
      const snippet = (await withRipgrep.search('.', 'snippet', 10)).matches[0]?.snippet;
      expect(snippet).toBe('z'.repeat(1000));
      expect(ripgrep.used).toBe(true);
    },
  );

  (usable ? it : it.skip).each(INVALID.map((pattern) => [pattern]))(
    'should refuse the invalid pattern %j with the same error',
    async (pattern) => {
      const expected = await outcome(walk.search('.', pattern, 10));
      expect(expected).toEqual({ code: 'invalid_argument', message: 'invalid pattern' });
      expect(await outcome(withRipgrep.search('.', pattern, 10))).toEqual(expected);
    },
  );

  (usable ? it : it.skip)('should refuse escaping start paths exactly like the walk', async () => {
    for (const path of ['link-out', '../outside', 'link-secret', '/etc']) {
      const expected = await outcome(walk.search(path, 'hello', 10));
      expect(expected).toMatchObject({ code: 'policy_denied' });
      expect(await outcome(withRipgrep.search(path, 'hello', 10))).toEqual(expected);
    }
  });
});

(ripgrepInstalled ? it : it.skip)(
  'should list every line that is not valid UTF-8 with the detector pattern (random bytes)',
  () => {
    let seed = 16;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // Bytes biased towards the interesting ranges: ASCII, continuation, lead bytes, invalid ones.
    const pool = [0x41, 0x20, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe1];
    pool.push(0xed, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff);
    const lines = Array.from({ length: 4000 }, () =>
      Buffer.from(
        Array.from(
          { length: 1 + Math.floor(random() * 6) },
          () => pool[Math.floor(random() * pool.length)],
        ),
      ),
    );
    const file = join(scratch, 'random-bytes.txt');
    writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
    const listed = new Set(
      execFileSync('rg', ['--no-config', '-n', '-a', '-E', 'none', '-e', INVALID_UTF8_LINE, file])
        .toString('latin1')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => Number(line.slice(0, line.indexOf(':')))),
    );
    const invalid = lines
      .map((line, index) => ({ line, number: index + 1 }))
      .filter(({ line }) => !Buffer.from(line.toString('utf8'), 'utf8').equals(line));
    expect(invalid.length).toBeGreaterThan(1000);
    expect(invalid.filter(({ number }) => !listed.has(number))).toEqual([]);
  },
);

describe('RipgrepSearch when ripgrep cannot run', () => {
  it('should fall back to the walk when the program is missing, and not retry it at once', async () => {
    const calls: string[] = [];
    const counting: CommandRunner = {
      run: async (request) => {
        calls.push(request.command);
        return plain.run(request);
      },
    };
    const missing = new RipgrepSearch('/nonexistent/rg');
    const runtime = new LocalWorkspaceRuntime(session(), counting, missing);
    const walk = new LocalWorkspaceRuntime(session(), counting, null);
    const expected = await walk.search('.', 'hello', 100);
    expect(expected.matches.length).toBeGreaterThan(5);
    expect(await runtime.search('.', 'hello', 100)).toEqual(expected);
    expect(await runtime.search('.', 'hello', 100)).toEqual(expected);
    expect(calls).toEqual(['/nonexistent/rg']);
  });

  it('should fall back to the walk when the sandbox is unavailable (fs.search never needed it)', async () => {
    const unavailable: CommandRunner = {
      run: () => Promise.reject(new AppException('unavailable', 'sandbox unavailable: test')),
    };
    const runtime = new LocalWorkspaceRuntime(session(), unavailable, new RipgrepSearch());
    const walk = new LocalWorkspaceRuntime(session(), plain, null);
    expect(await runtime.search('.', 'hello', 100)).toEqual(await walk.search('.', 'hello', 100));
  });

  it('should fall back to the walk when the output was cut or the run failed', async () => {
    const walk = new LocalWorkspaceRuntime(session(), plain, null);
    const expected = await walk.search('.', 'hello', 100);
    for (const answer of [
      { exit_code: 0, output: 'src/a.ts\0', truncated: true },
      { exit_code: 2, output: '', truncated: false },
      { exit_code: 124, output: '', truncated: false, timed_out: true },
    ]) {
      const fake: CommandRunner = {
        run: () => Promise.resolve({ timed_out: false, duration_ms: 1, ...answer }),
      };
      const runtime = new LocalWorkspaceRuntime(session(), fake, new RipgrepSearch());
      expect(await runtime.search('.', 'hello', 100)).toEqual(expected);
    }
  });
});
