import type { LogLine } from '#app/contracts';
import type { InvocationProgress, ToolErrorResult } from '#app/tool-registry';
import { LiveLogLines } from '#app/tooling';
import type { WorkspaceRuntime } from '#app/workspace';
import type { DetectedProject } from '../project-detection.js';
import type { Dependency } from './dependency.js';
import {
  parseCargoTree,
  parseGoListModules,
  parseGradleDependencies,
  parseMavenDependencyList,
  parseNpmLs,
  parsePipList,
} from './toolchain-output.parsers.js';

export interface ToolchainInventory {
  command: string[];
  dependencies: Dependency[];
  /** One line per program run (CATALOG.md 3.4); absent when nothing ran. */
  log?: LogLine;
  /** Set when the listing failed and yielded nothing; the caller returns it with the logs kept. */
  error?: ToolErrorResult;
}

interface ToolchainCommand {
  argv: string[];
  parse: (output: string) => Dependency[];
}

// CATALOG.md 3.4: 256 KiB default; dependency listings of large trees need more.
const OUTPUT_CAP_BYTES = 4 * 1024 * 1024;
const COMMAND_TIMEOUT_MS = 170_000;

async function commandFor(
  workspace: WorkspaceRuntime,
  project: DetectedProject,
): Promise<ToolchainCommand | undefined> {
  switch (project.project_type) {
    case 'go':
      return { argv: ['go', 'list', '-m', 'all'], parse: parseGoListModules };
    case 'node':
      return { argv: ['npm', 'ls', '--json', '--all'], parse: parseNpmLs };
    case 'python': {
      const venv = (await workspace.stat('.workspace-venv/bin/python')) !== null;
      const python = venv ? '.workspace-venv/bin/python' : 'python3';
      return { argv: [python, '-m', 'pip', 'list', '--format=json'], parse: parsePipList };
    }
    case 'rust':
      return { argv: ['cargo', 'tree', '--prefix', 'none'], parse: parseCargoTree };
    case 'java':
      return project.flavor === 'gradle'
        ? {
            argv: ['gradle', 'dependencies', '--configuration', 'runtimeClasspath'],
            parse: parseGradleDependencies,
          }
        : {
            argv: [
              'mvn',
              '-q',
              'dependency:list',
              '-DincludeScope=runtime',
              '-DoutputAbsoluteArtifactFilename=false',
            ],
            parse: parseMavenDependencyList,
          };
    case 'c':
    case 'unknown':
      return undefined;
  }
}

/**
 * CATALOG.md 20.1 step 2: the toolchain listing, used only when no lockfile of the detected type
 * yielded a dependency. A failing command is an error only when nothing could be parsed from it.
 */
export async function runToolchainInventory(
  workspace: WorkspaceRuntime,
  directory: string,
  project: DetectedProject,
  signal: AbortSignal,
  progress?: InvocationProgress,
): Promise<ToolchainInventory> {
  const command = await commandFor(workspace, project);
  if (command === undefined) {
    const message = `dependency inventory not supported for project type ${project.project_type}`;
    return { command: [], dependencies: [], error: { code: 'execution_failed', message } };
  }
  const { argv, parse } = command;
  const [program = '', ...args] = argv;
  const live = progress === undefined ? undefined : new LiveLogLines(progress, OUTPUT_CAP_BYTES);
  const result = await workspace.exec(program, args, {
    cwd: directory,
    timeoutMs: COMMAND_TIMEOUT_MS,
    outputCapBytes: OUTPUT_CAP_BYTES,
    signal,
    ...(live === undefined ? {} : { onOutput: live.push }),
  });
  live?.finish(result.truncated);
  const log: LogLine = { at: new Date().toISOString(), channel: 'stdout', message: result.output };
  if (result.timed_out) {
    const message = `command timed out after ${COMMAND_TIMEOUT_MS / 1000}s`;
    return {
      command: argv,
      dependencies: [],
      log,
      error: { code: 'timeout', message, retryable: true },
    };
  }
  if (result.start_error !== undefined || result.exit_code === 127) {
    const message = `command not available: ${program}`;
    return { command: argv, dependencies: [], log, error: { code: 'execution_failed', message } };
  }
  let dependencies: Dependency[] = [];
  try {
    dependencies = parse(result.output);
  } catch {
    // npm ls prints a JSON tree even on exit 1 (extraneous packages); unparsable output is a failure below.
  }
  if (dependencies.length === 0 && result.exit_code !== 0) {
    const message = `command failed: ${result.output.trim().slice(-2000)}`;
    return { command: argv, dependencies, log, error: { code: 'execution_failed', message } };
  }
  return { command: argv, dependencies, log };
}
