import type { ProjectInfo, PythonInterpreter } from '#app/tooling';

export type RepoAction = 'validate' | 'build' | 'test' | 'static_analysis' | 'package';

export interface CommandStep {
  program: string;
  args: string[];
}

/** What one matrix cell runs (CATALOG.md 6.1). */
export interface CommandPlan {
  steps: CommandStep[];
  /** Directories created (through the runtime) before the first step. */
  mkdirs: string[];
  /** `repo.package`: where the result lands; `npm-pack` means the last line printed. */
  artifactPath?: string | { fromOutput: 'npm-pack' };
}

export interface PlanInput {
  project: ProjectInfo;
  /** Already checked not to start with `-`; for C, the resolved source. */
  target?: string;
  /** Already filtered (CATALOG.md 3.10). */
  extraArgs: string[];
  /** Required for python projects. */
  python?: PythonInterpreter;
  /** Required for c projects. */
  cSource?: string;
}

const DIST = '.workspace-dist';

const step = (program: string, ...args: string[]): CommandStep => ({ program, args });
const plan = (steps: CommandStep[], extra: Partial<CommandPlan> = {}): CommandPlan => ({
  steps,
  mkdirs: [],
  ...extra,
});
const optional = (value: string | undefined, ...prefix: string[]): string[] =>
  value === undefined ? [] : [...prefix, value];

/** CATALOG.md 6.1: the command(s) of `action` for the detected project. */
export function planRepoCommand(action: RepoAction, input: PlanInput): CommandPlan {
  const { project, target: t, extraArgs: x } = input;
  switch (project.project_type) {
    case 'go':
      return goPlan(action, t, x);
    case 'python':
      return pythonPlan(action, t, x, input.python ?? { python: 'python3', pytest: 'pytest' });
    case 'node':
      return nodePlan(action, t);
    case 'rust':
      return rustPlan(action, t, x);
    case 'java':
      return project.flavor === 'gradle' ? gradlePlan(action, t, x) : mavenPlan(action, t, x);
    case 'c':
      return cPlan(action, input.cSource ?? 'main.c');
    case 'unknown':
      return plan([]);
  }
}

function goPlan(action: RepoAction, t: string | undefined, x: string[]): CommandPlan {
  const pkgs = t ?? './...';
  switch (action) {
    case 'validate':
      return plan([step('go', 'test', pkgs, '-run', '^$')]);
    case 'build':
      return plan([step('go', 'build', pkgs, ...x)]);
    case 'test':
      return plan([step('go', 'test', pkgs, ...x)]);
    case 'static_analysis':
      return plan([step('go', 'vet', pkgs)]);
    case 'package':
      return plan([step('go', 'build', '-o', `${DIST}/app`, t ?? '.')], {
        mkdirs: [DIST],
        artifactPath: `${DIST}/app`,
      });
  }
}

function pythonPlan(
  action: RepoAction,
  t: string | undefined,
  x: string[],
  py: PythonInterpreter,
): CommandPlan {
  switch (action) {
    case 'validate':
    case 'build':
    case 'static_analysis':
      return plan([step(py.python, '-m', 'compileall', t ?? '.')]);
    case 'test':
      return plan([step(py.pytest, '-q', ...optional(t), ...x)]);
    case 'package':
      return plan([step(py.python, '-m', 'pip', 'wheel', '.', '-w', DIST)], { artifactPath: DIST });
  }
}

function nodePlan(action: RepoAction, t: string | undefined): CommandPlan {
  switch (action) {
    case 'validate':
      return plan([step('npm', 'run', 'lint', '--if-present')]);
    case 'build':
      return plan([step('npm', 'run', 'build', '--if-present', ...optional(t, '--'))]);
    case 'test':
      return plan([step('npm', 'test', ...optional(t, '--'))]);
    case 'static_analysis':
      return plan([step('npm', 'run', 'lint', '--if-present', ...optional(t, '--'))]);
    case 'package':
      return plan([step('npm', 'pack', '--silent')], { artifactPath: { fromOutput: 'npm-pack' } });
  }
}

function rustPlan(action: RepoAction, t: string | undefined, x: string[]): CommandPlan {
  switch (action) {
    case 'validate':
      return plan([step('cargo', 'check')]);
    case 'build':
      return plan([step('cargo', 'build', ...optional(t, '--package'), ...x)]);
    case 'test':
      return plan([step('cargo', 'test', ...optional(t, '--package'), ...x)]);
    case 'static_analysis':
      return plan([
        step('cargo', 'clippy', '--all-targets', '--all-features', '--', '-D', 'warnings'),
      ]);
    case 'package':
      return plan([step('cargo', 'build', '--release', ...optional(t, '--package'))], {
        artifactPath: 'target/release',
      });
  }
}

function mavenPlan(action: RepoAction, t: string | undefined, x: string[]): CommandPlan {
  switch (action) {
    case 'validate':
      return plan([step('mvn', '-q', '-DskipTests', 'compile')]);
    case 'build':
      return plan([step('mvn', '-q', '-DskipTests', 'package', ...x)]);
    case 'test':
      return plan([step('mvn', '-q', 'test', ...(t === undefined ? [] : [`-Dtest=${t}`]), ...x)]);
    case 'static_analysis':
      return plan([step('mvn', '-q', '-DskipTests', 'verify')]);
    case 'package':
      return plan([step('mvn', '-q', '-DskipTests', 'package')], { artifactPath: 'target' });
  }
}

function gradlePlan(action: RepoAction, t: string | undefined, x: string[]): CommandPlan {
  switch (action) {
    case 'validate':
      return plan([step('gradle', 'classes')]);
    case 'build':
      return plan([step('gradle', 'build', '-x', 'test', ...x)]);
    case 'test':
      return plan([step('gradle', 'test', ...optional(t, '--tests'), ...x)]);
    case 'static_analysis':
      return plan([step('gradle', 'check', '-x', 'test')]);
    case 'package':
      return plan([step('gradle', 'assemble')], { artifactPath: 'build/libs' });
  }
}

function cPlan(action: RepoAction, src: string): CommandPlan {
  switch (action) {
    case 'validate':
    case 'static_analysis':
      return plan([step('cc', '-std=c11', '-fsyntax-only', src)]);
    case 'build':
      return plan([
        step('cc', '-std=c11', '-O2', '-Wall', '-Wextra', '-o', '.workspace-c-build', src),
      ]);
    case 'test':
      return plan([
        step('cc', '-std=c11', '-O0', '-g', '-Wall', '-Wextra', '-o', '.workspace-c-test', src),
        step('./.workspace-c-test'),
      ]);
    case 'package':
      return plan([step('cc', '-std=c11', '-O2', '-Wall', '-Wextra', '-o', `${DIST}/c-app`, src)], {
        mkdirs: [DIST],
        artifactPath: `${DIST}/c-app`,
      });
  }
}
