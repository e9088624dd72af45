import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveCommand, extractCommand } from './workspace-stream.scripts.js';

/** Runs one argv like the pod exec does (no shell of ours around it), bytes in and out. */
function run(
  argv: string[],
  stdin?: Buffer,
): { status: number | null; stdout: Buffer; stderr: string } {
  const [program = 'sh', ...args] = argv;
  const result = spawnSync(program, args, { input: stdin, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

describe('fork workspace stream scripts (run locally with the machine sh and tar)', () => {
  let dir: string;
  let source: string;
  let target: string;
  let outside: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-stream-'));
    source = join(dir, 'source');
    target = join(dir, 'target');
    outside = join(dir, 'outside');
    for (const path of [source, target, outside]) {
      mkdirSync(path);
    }
    writeFileSync(join(outside, 'secret.txt'), 'secret');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Archive then extract; returns the member names of the stream. */
  const copy = (): string[] => {
    const archive = run(archiveCommand(source));
    expect({ status: archive.status, stderr: archive.stderr }).toEqual({ status: 0, stderr: '' });
    const extract = run(extractCommand(target), archive.stdout);
    expect({ status: extract.status, stderr: extract.stderr }).toEqual({ status: 0, stderr: '' });
    return execFileSync('tar', ['-tf', '-'], { input: archive.stdout })
      .toString()
      .split('\n')
      .filter(Boolean);
  };

  it('should copy files with their modes, nested and read-only directories, .git, odd names and in-workspace symlinks', () => {
    mkdirSync(join(source, 'a/b'), { recursive: true });
    writeFileSync(join(source, 'a/b/run.sh'), '#!/bin/sh\n');
    chmodSync(join(source, 'a/b/run.sh'), 0o751);
    writeFileSync(join(source, 'a/plain.txt'), 'plain');
    chmodSync(join(source, 'a/plain.txt'), 0o600);
    mkdirSync(join(source, '.git/objects'), { recursive: true });
    writeFileSync(join(source, '.git/HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(source, 'back\\slash -dash *star'), 'odd');
    writeFileSync(join(source, '-leading'), 'dash');
    mkdirSync(join(source, 'locked'));
    writeFileSync(join(source, 'locked/inner.txt'), 'inner');
    chmodSync(join(source, 'locked'), 0o555);
    symlinkSync('b/run.sh', join(source, 'a/relative-link'));
    symlinkSync('../a/plain.txt', join(source, 'locked-free-link'));
    symlinkSync(join(source, 'a'), join(source, 'absolute-inside'));

    copy();

    expect(readFileSync(join(target, 'a/b/run.sh'), 'utf8')).toBe('#!/bin/sh\n');
    expect(statSync(join(target, 'a/b/run.sh')).mode & 0o7777).toBe(0o751);
    expect(statSync(join(target, 'a/plain.txt')).mode & 0o7777).toBe(0o600);
    expect(readFileSync(join(target, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(statSync(join(target, '.git/objects')).isDirectory()).toBe(true);
    expect(readFileSync(join(target, 'back\\slash -dash *star'), 'utf8')).toBe('odd');
    expect(readFileSync(join(target, '-leading'), 'utf8')).toBe('dash');
    expect(readFileSync(join(target, 'locked/inner.txt'), 'utf8')).toBe('inner');
    expect(statSync(join(target, 'locked')).mode & 0o7777).toBe(0o555);
    expect(readlinkSync(join(target, 'a/relative-link'))).toBe('b/run.sh');
    // ../a/plain.txt from the workspace root leaves it: not copied.
    expect(() => lstatSync(join(target, 'locked-free-link'))).toThrow();
    // Archived as written (in pods the workdir is the same path, so it still points inside); here
    // the target is another directory, so on that side it leads out and the extraction drops it.
    expect(() => lstatSync(join(target, 'absolute-inside'))).toThrow();
    chmodSync(join(source, 'locked'), 0o755);
    chmodSync(join(target, 'locked'), 0o755);
  });

  it('should leave out escaping, dangling and looping symlinks, FIFOs, sockets and newline names', async () => {
    writeFileSync(join(source, 'kept.txt'), 'kept');
    symlinkSync('/etc/passwd', join(source, 'passwd'));
    symlinkSync(outside, join(source, 'outside-dir'));
    symlinkSync('../outside/secret.txt', join(source, 'up-and-out'));
    symlinkSync('missing.txt', join(source, 'dangling'));
    symlinkSync('loop-b', join(source, 'loop-a'));
    symlinkSync('loop-a', join(source, 'loop-b'));
    // Leaves the workspace through an escaping link, then comes back in: escapes on its first hop.
    symlinkSync('/', join(source, 'root-link'));
    symlinkSync(`root-link${source}/kept.txt`, join(source, 'back-in'));
    writeFileSync(join(source, 'new\nline'), 'x');
    execFileSync('mkfifo', [join(source, 'fifo')]);
    const socketPath = join(source, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    let members: string[];
    try {
      members = copy();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    // Filtered at the source: only back-in travels besides the file (it does resolve inside, but
    // through root-link, which stays behind); the extraction's second pass then drops it, dangling.
    expect(members.sort()).toEqual(['./back-in', './kept.txt']);
    expect(readdirSync(target).sort()).toEqual(['kept.txt']);
  });

  it('should copy an empty workspace to an empty one', () => {
    copy();
    expect(readdirSync(target)).toEqual([]);
  });

  it('should fail the archive when the workdir is missing or a directory cannot be listed', () => {
    const missing = run(archiveCommand(join(dir, 'nope')));
    expect(missing.status).not.toBe(0);
    expect(missing.stdout.length).toBe(0);
    if (process.getuid?.() === 0) {
      return; // root reads every directory: the unreadable case cannot be staged here
    }
    mkdirSync(join(source, 'closed'));
    chmodSync(join(source, 'closed'), 0);
    try {
      expect(run(archiveCommand(source)).status).not.toBe(0);
    } finally {
      chmodSync(join(source, 'closed'), 0o755);
    }
  });

  it('should never write through a symlink of the stream, even one it has just extracted', () => {
    // A hostile stream: `l` -> a directory outside, then a member `l/evil` meant to land there.
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    mkdirSync(first);
    mkdirSync(join(second, 'l'), { recursive: true });
    symlinkSync(outside, join(first, 'l'));
    writeFileSync(join(second, 'l/evil'), 'evil');
    const stream = execFileSync('tar', ['-cf', '-', '-C', first, 'l', '-C', second, 'l/evil']);

    const extracted = run(extractCommand(target), stream);

    expect(extracted.status).not.toBe(0);
    expect(readdirSync(outside)).toEqual(['secret.txt']);
  });

  it('should clean a hostile stream on the extracting side: escaping links and FIFOs go, ".." members fail the copy', () => {
    // A stream made without the archive script's filter, as a changed or malicious source could.
    const staged = join(dir, 'staged');
    mkdirSync(staged);
    writeFileSync(join(staged, 'ok.txt'), 'ok');
    symlinkSync('/etc/passwd', join(staged, 'passwd'));
    symlinkSync('nowhere', join(staged, 'dangling'));
    execFileSync('mkfifo', [join(staged, 'fifo')]);
    const stream = execFileSync('tar', ['-C', staged, '-cf', '-', '.']);

    const extracted = run(extractCommand(target), stream);

    expect(extracted.status).toBe(0);
    expect(readdirSync(target).sort()).toEqual(['ok.txt']);

    const dotDot = execFileSync(
      'tar',
      ['-C', dir, '-cf', '-', '-P', 'source/../outside/secret.txt'],
      {
        cwd: dir,
      },
    );
    const other = join(dir, 'other');
    mkdirSync(other);
    const refused = run(extractCommand(other), dotDot);
    expect(refused.status).not.toBe(0);
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });
});
