import { filterExtraArgs } from './extra-args-filter.js';
import type { ProjectInfo } from './project-detection.js';
import {
  EXTRA_ARGS_BUILD,
  EXTRA_ARGS_TEST,
  GIT_REMOTE_POLICY,
  SHELL_DENY_SPACE,
} from './policy-constants.js';

const GO: ProjectInfo = { project_type: 'go', flavor: 'module' };
const PYTHON: ProjectInfo = { project_type: 'python', flavor: 'pytest' };
const RUST: ProjectInfo = { project_type: 'rust', flavor: 'cargo' };
const MAVEN: ProjectInfo = { project_type: 'java', flavor: 'maven' };
const GRADLE: ProjectInfo = { project_type: 'java', flavor: 'gradle' };
const NODE: ProjectInfo = { project_type: 'node', flavor: 'npm' };

describe('filterExtraArgs', () => {
  it.each<[ProjectInfo, 'build' | 'test', string[]]>([
    [GO, 'test', ['-v', '-race', '-run=TestX', '-count', '1', '-mod=readonly']],
    [PYTHON, 'test', ['-q', '-k', 'slow', '--maxfail=2']],
    [RUST, 'build', ['--release', '--features=a,b', '--package', 'core']],
    [MAVEN, 'test', ['-Dtest=FooTest', '-Pci', '-P', 'ci', '--batch-mode']],
    [GRADLE, 'test', ['--no-daemon', '--tests', 'Foo', '--tests=Bar']],
  ])('should accept %j items %j for %s tools', (project, purpose, items) => {
    expect(filterExtraArgs(items, project, purpose)).toEqual(items);
  });

  it.each<[ProjectInfo, 'build' | 'test', string[], string]>([
    [GO, 'test', ['-exec=x'], 'extra_args item not allowed: -exec=x'],
    [GO, 'build', ['-mod=mod'], 'extra_args item not allowed: -mod=mod'],
    [GO, 'test', ['-run'], 'extra_args item needs a value: -run'],
    [PYTHON, 'build', ['-q'], 'extra_args item not allowed: -q'],
    [RUST, 'build', ['-Zunstable'], 'extra_args item not allowed: -Zunstable'],
    [GRADLE, 'build', ['--tests', 'X'], 'extra_args item not allowed: --tests'],
    [NODE, 'test', ['--silent'], 'extra_args item not allowed: --silent'],
    [GO, 'test', ['-v;rm'], 'extra_args item not allowed: -v;rm'],
    [GO, 'test', ['-v\t'], 'extra_args item not allowed: -v\t'],
    [
      GO,
      'test',
      ['-v', '-v', '-v', '-v', '-v', '-v', '-v', '-v', '-v'],
      'extra_args has more than 8 items',
    ],
    [GO, 'test', [`-run=${'x'.repeat(64)}`], `extra_args item not allowed: -run=${'x'.repeat(64)}`],
  ])('should refuse %j %s items %j with invalid_argument', (project, purpose, items, message) => {
    expect(() => filterExtraArgs(items, project, purpose)).toThrow(message);
  });
});

describe('filterExtraArgs path values (CATALOG.md 3.10)', () => {
  const outside = (item: string) => `extra_args item names a path outside the workspace: ${item}`;

  it.each<[ProjectInfo, 'build' | 'test', string[], string]>([
    [GO, 'test', ['-coverprofile=/etc/cron.d/evil'], '-coverprofile=/etc/cron.d/evil'],
    [GO, 'test', ['-coverprofile', '/etc/cron.d/evil'], '/etc/cron.d/evil'],
    [GO, 'test', ['-coverprofile=../../x'], '-coverprofile=../../x'],
    [GO, 'test', ['-coverprofile=a/../../x'], '-coverprofile=a/../../x'],
    [GO, 'test', ['-coverprofile', 'a/b/../../../x'], 'a/b/../../../x'],
    [GO, 'test', ['-coverprofile=..'], '-coverprofile=..'],
    [GO, 'test', ['-coverprofile=~/x'], '-coverprofile=~/x'],
    [GO, 'test', ['-coverprofile', '~root/x'], '~root/x'],
    [GO, 'test', ['-coverprofile=@/abs'], '-coverprofile=@/abs'],
    [GO, 'test', ['-coverprofile=file:///etc/x'], '-coverprofile=file:///etc/x'],
    [GO, 'test', ['-coverprofile=C:\\x'], '-coverprofile=C:\\x'],
    [GO, 'test', ['-coverprofile=C:/x'], '-coverprofile=C:/x'],
    [GO, 'test', ['-coverprofile=a\\..\\..\\x'], '-coverprofile=a\\..\\..\\x'],
    [GO, 'test', ['-coverprofile=" /etc/x'], '-coverprofile=" /etc/x'],
    [GO, 'build', ['-tags=a,/etc/x'], '-tags=a,/etc/x'],
    [MAVEN, 'test', ['-P/etc/x'], '-P/etc/x'],
    [MAVEN, 'test', ['-P', '/etc/x'], '/etc/x'],
    [MAVEN, 'test', ['-Dtest=/etc/x'], '-Dtest=/etc/x'],
    [MAVEN, 'test', ['-Dtest=a=/etc/x'], '-Dtest=a=/etc/x'],
    [RUST, 'build', ['--target=/etc/spec.json'], '--target=/etc/spec.json'],
    [RUST, 'build', ['--target', '../spec.json'], '../spec.json'],
    [GRADLE, 'test', ['--tests', '@args'], '@args'],
    [PYTHON, 'test', ['-k', '/etc/passwd'], '/etc/passwd'],
    [NODE, 'test', ['-o/abs'], '-o/abs'],
    [NODE, 'test', ['--out', '/abs'], '/abs'],
  ])(
    'should refuse %j %s items %j naming a path outside the workspace',
    (project, purpose, items, item) => {
      expect(() => filterExtraArgs(items, project, purpose)).toThrow(outside(item));
    },
  );

  it.each<[ProjectInfo, 'build' | 'test', string[]]>([
    [GO, 'test', ['-run=TestFoo', '-coverprofile=cover.out', '-count=1']],
    [GO, 'test', ['-run=TestFoo/sub_case', '-coverprofile', 'out/c.out']],
    [GO, 'test', ['-coverprofile=a/../c.out', '-run=^TestX$', '-timeout=30s']],
    [GO, 'build', ['-tags=integration,linux', '-trimpath']],
    [PYTHON, 'test', ['-k', 'x and y', '-m', 'not slow', '-q']],
    [RUST, 'build', ['--target=x86_64-unknown-linux-gnu', '--features=a/b', '--package', 'core']],
    [MAVEN, 'test', ['-Dtest=FooTest#bar', '-Pci']],
  ])('should keep harmless values %j %s %j', (project, purpose, items) => {
    expect(filterExtraArgs(items, project, purpose)).toEqual(items);
  });
});

describe('policy constants', () => {
  it('should publish the EXTRA_ARGS rules of CATALOG.md 1.4', () => {
    expect(EXTRA_ARGS_TEST).toMatchObject({
      field: 'extra_args',
      multi: true,
      max_items: 8,
      max_length: 64,
    });
    expect(EXTRA_ARGS_TEST.allowed_prefix).not.toContain('-tags=');
    expect(EXTRA_ARGS_BUILD.allowed_prefix).toEqual(
      expect.arrayContaining(['-trimpath', '-tags=', '--tests']),
    );
    expect(EXTRA_ARGS_BUILD.denied_prefix).toContain('--project-cache-dir');
    expect(EXTRA_ARGS_BUILD.deny_characters).toEqual([
      ';',
      '|',
      '&',
      '`',
      '$(',
      '>',
      '<',
      '\n',
      '\r',
    ]);
    expect(GIT_REMOTE_POLICY.map((rule) => [rule.field, rule.max_length])).toEqual([
      ['remote', 128],
      ['refspec', 512],
    ]);
    expect(SHELL_DENY_SPACE.at(-1)).toBe(' ');
  });
});
