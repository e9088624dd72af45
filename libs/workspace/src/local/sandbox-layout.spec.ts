import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SANDBOX_HOME, SandboxLayout, TOOLCHAIN_DIRS } from './sandbox-layout.js';

describe('SandboxLayout', () => {
  let base: string;
  let toolchain: string;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'sandbox-layout-'));
    toolchain = join(base, 'opt');
    mkdirSync(join(toolchain, 'bin'), { recursive: true });
    mkdirSync(join(toolchain, 'data', 'workspaces', 'other-tenant'), { recursive: true });
    symlinkSync('opt/bin', join(base, 'bin'));
    writeFileSync(join(base, 'program'), '#!/bin/sh\n', { mode: 0o755 });
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('should bind the toolchain directories read-only, never / as a whole', () => {
    const layout = new SandboxLayout({ hiddenPaths: [], searchPath: [] });
    const args = layout.mountArgs({
      command: 'true',
      cwd: '/w/s/repo',
      workspaceRoot: '/w/s/repo',
    });

    expect(TOOLCHAIN_DIRS).toEqual(expect.arrayContaining(['/usr', '/etc', '/opt']));
    expect(args.join(' ')).not.toMatch(/--(ro-)?bind \/ \//);
    for (const invisible of ['/home', '/root', '/var', '/run', '/srv', '/work', '/sys']) {
      expect(args).not.toContain(invisible);
    }
    expect(args).toEqual(
      expect.arrayContaining([
        '--proc',
        '/proc',
        '--dev',
        '/dev',
        '--tmpfs',
        '/tmp',
        '--dir',
        SANDBOX_HOME,
      ]),
    );
    expect(args.slice(-3)).toEqual(['--bind', '/w/s/repo', '/w/s/repo']);
  });

  it('should keep a symlinked toolchain directory a symlink and mask hidden roots that fall under one', () => {
    const hiddenRoot = join(toolchain, 'data', 'workspaces');
    const layout = new SandboxLayout({
      hiddenPaths: [hiddenRoot, '/', '/nonexistent/artifacts'],
      searchPath: [],
      toolchainDirs: [toolchain, join(base, 'bin')],
    });
    const workspace = join(hiddenRoot, 'tenant', 'session', 'repo');
    const args = layout.mountArgs({ command: 'true', cwd: workspace, workspaceRoot: workspace });

    expect(args.slice(0, 6)).toEqual([
      '--ro-bind',
      toolchain,
      toolchain,
      '--symlink',
      'opt/bin',
      join(base, 'bin'),
    ]);
    const mask = args.indexOf(hiddenRoot);
    expect(args[mask - 1]).toBe('--tmpfs');
    // The session's own workspace is bound after the mask, so only it reappears.
    expect(mask).toBeLessThan(args.indexOf('--bind'));
    expect(args).not.toContain('/nonexistent/artifacts');
  });

  it('should keep only PATH entries inside bound toolchain directories and outside hidden roots', () => {
    const layout = new SandboxLayout({
      hiddenPaths: [join(toolchain, 'data')],
      searchPath: [
        '/work/main/node_modules/.bin',
        join(toolchain, 'bin'),
        join(toolchain, 'data', 'bin'),
        'relative',
        join(base, 'bin'),
      ],
      toolchainDirs: [toolchain, join(base, 'bin')],
    });

    expect(layout.searchPath).toBe(`${join(toolchain, 'bin')}:${join(base, 'bin')}`);
  });

  it('should bind a program outside the toolchain as one read-only file, not its directory', () => {
    const layout = new SandboxLayout({
      hiddenPaths: [],
      searchPath: [],
      toolchainDirs: [toolchain],
    });
    const args = layout.mountArgs({
      command: join(base, 'program'),
      cwd: '/w/repo',
      workspaceRoot: '/w/repo',
    });

    expect(args).toEqual(
      expect.arrayContaining(['--ro-bind', join(base, 'program'), join(base, 'program')]),
    );
    expect(args).not.toContain(base);
  });
});
