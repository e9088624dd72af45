import type { ProjectInfo } from '#app/tooling';
import { type RepoAction, planRepoCommand } from './repo-command-matrix.js';

const argv = (
  action: RepoAction,
  project: ProjectInfo,
  extra: { target?: string; x?: string[]; cSource?: string } = {},
) =>
  planRepoCommand(action, {
    project,
    target: extra.target,
    extraArgs: extra.x ?? [],
    python: { python: 'python3', pytest: 'pytest' },
    cSource: extra.cSource,
  }).steps.map((step) => [step.program, ...step.args].join(' '));

const GO: ProjectInfo = { project_type: 'go', flavor: 'module' };
const NODE: ProjectInfo = { project_type: 'node', flavor: 'npm' };
const RUST: ProjectInfo = { project_type: 'rust', flavor: 'cargo' };
const PY: ProjectInfo = { project_type: 'python', flavor: 'pytest' };
const MAVEN: ProjectInfo = { project_type: 'java', flavor: 'maven' };
const GRADLE: ProjectInfo = { project_type: 'java', flavor: 'gradle' };
const C: ProjectInfo = { project_type: 'c', flavor: 'cc' };

describe('planRepoCommand (CATALOG.md 6.1)', () => {
  it.each<[RepoAction, ProjectInfo, { target?: string; x?: string[]; cSource?: string }, string[]]>(
    [
      ['validate', GO, {}, ['go test ./... -run ^$']],
      ['build', GO, { target: './cmd/x', x: ['-trimpath'] }, ['go build ./cmd/x -trimpath']],
      ['test', GO, { x: ['-v'] }, ['go test ./... -v']],
      ['static_analysis', GO, {}, ['go vet ./...']],
      ['package', GO, {}, ['go build -o .workspace-dist/app .']],
      ['validate', PY, { target: 'pkg' }, ['python3 -m compileall pkg']],
      ['test', PY, { target: 'tests', x: ['-x'] }, ['pytest -q tests -x']],
      ['package', PY, {}, ['python3 -m pip wheel . -w .workspace-dist']],
      ['validate', NODE, {}, ['npm run lint --if-present']],
      ['build', NODE, { target: 'web' }, ['npm run build --if-present -- web']],
      ['test', NODE, {}, ['npm test']],
      ['test', NODE, { target: 'math' }, ['npm test -- math']],
      ['package', NODE, {}, ['npm pack --silent']],
      ['validate', RUST, {}, ['cargo check']],
      ['test', RUST, { target: 'core', x: ['--offline'] }, ['cargo test --package core --offline']],
      ['static_analysis', RUST, {}, ['cargo clippy --all-targets --all-features -- -D warnings']],
      ['package', RUST, {}, ['cargo build --release']],
      ['test', MAVEN, { target: 'FooTest' }, ['mvn -q test -Dtest=FooTest']],
      ['build', MAVEN, { x: ['-Pci'] }, ['mvn -q -DskipTests package -Pci']],
      ['test', GRADLE, { target: 'Foo' }, ['gradle test --tests Foo']],
      ['package', GRADLE, {}, ['gradle assemble']],
      ['validate', C, { cSource: 'main.c' }, ['cc -std=c11 -fsyntax-only main.c']],
      [
        'build',
        C,
        { cSource: 'main.c' },
        ['cc -std=c11 -O2 -Wall -Wextra -o .workspace-c-build main.c'],
      ],
      [
        'test',
        C,
        { cSource: 't_test.c' },
        ['cc -std=c11 -O0 -g -Wall -Wextra -o .workspace-c-test t_test.c', './.workspace-c-test'],
      ],
      [
        'package',
        C,
        { cSource: 'main.c' },
        ['cc -std=c11 -O2 -Wall -Wextra -o .workspace-dist/c-app main.c'],
      ],
    ],
  )('should run %s for %j with %j as %j', (action, project, extra, expected) => {
    expect(argv(action, project, extra)).toEqual(expected);
  });

  it('should say where the package lands when packaging', () => {
    const base = { target: undefined, extraArgs: [], cSource: 'main.c' };
    expect(planRepoCommand('package', { project: GO, ...base })).toMatchObject({
      mkdirs: ['.workspace-dist'],
      artifactPath: '.workspace-dist/app',
    });
    expect(planRepoCommand('package', { project: RUST, ...base }).artifactPath).toBe(
      'target/release',
    );
    expect(planRepoCommand('package', { project: MAVEN, ...base }).artifactPath).toBe('target');
    expect(planRepoCommand('package', { project: GRADLE, ...base }).artifactPath).toBe(
      'build/libs',
    );
    expect(planRepoCommand('package', { project: NODE, ...base }).artifactPath).toEqual({
      fromOutput: 'npm-pack',
    });
  });
});
