import { lintDockerfile } from '#app/dockerfile';
import type { ProgramRunner } from '#app/tooling';
import type { ContainerFinding } from './container-finding.js';

const SKIPPED_DIRECTORIES = ['.git', 'node_modules', 'vendor', 'target', '.workspace-venv'];
const READ_CAP = 512 * 1024;

const RULE_TEXT: Readonly<Record<string, { title: string; resolution: string }>> = {
  'dockerfile.unpinned_base_image': {
    title: 'Base image is not pinned',
    resolution: 'pin base images to an explicit tag or digest',
  },
  'dockerfile.add_instead_of_copy': {
    title: 'ADD used instead of COPY',
    resolution: 'use COPY instead of ADD for local files',
  },
  'dockerfile.pipe_to_shell': {
    title: 'Remote script piped into a shell',
    resolution: 'download scripts to a file and verify them before running',
  },
  'dockerfile.chmod_777': {
    title: 'World-writable permissions',
    resolution: 'avoid world-writable permissions',
  },
  'dockerfile.apt_install_recommends': {
    title: 'apt-get install pulls recommended packages',
    resolution: 'use apt-get install --no-install-recommends',
  },
  'dockerfile.missing_user': {
    title: 'Container runs as root',
    resolution: 'run as a non-root USER',
  },
};

export interface HeuristicScan {
  command: string[];
  findings: ContainerFinding[];
  /** Why the file listing failed, when it did. */
  failure?: string;
  files: string[];
}

/** `Dockerfile`, `Dockerfile.*` and `*.dockerfile` (CATALOG.md 20). */
export function isDockerfileName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'Dockerfile' || name.startsWith('Dockerfile.') || name.endsWith('.dockerfile');
}

/**
 * CATALOG.md 20 heuristic fallback: lists files with `find` (skipping the usual dependency and VCS
 * trees), reads each Dockerfile with `cat` and reports the lint rules of section 17 as
 * misconfigurations (the `latest` rule reported as the unpinned-base rule). File listing and reads
 * add no log line.
 */
export async function scanDockerfiles(
  programs: ProgramRunner,
  path: string,
): Promise<HeuristicScan> {
  const prune = SKIPPED_DIRECTORIES.flatMap((name, index) =>
    index === 0 ? ['-name', name] : ['-o', '-name', name],
  );
  const command = ['find', path, '(', ...prune, ')', '-prune', '-o', '-type', 'f', '-print'];
  const listing = await programs.run('find', command.slice(1), {
    log: false,
    outputCapBytes: 4 * 1024 * 1024,
  });
  if (listing.exit_code !== 0 || listing.start_error !== undefined) {
    return {
      command,
      findings: [],
      files: [],
      failure: listing.start_error ?? listing.output.trim().slice(-2000),
    };
  }
  const files = listing.output
    .split('\n')
    .map((line) => line.trim().replace(/^\.\//, ''))
    .filter((line) => line !== '' && isDockerfileName(line))
    .sort();
  const findings: ContainerFinding[] = [];
  for (const file of files) {
    const read = await programs.run('cat', ['--', file], { log: false, outputCapBytes: READ_CAP });
    if (read.exit_code === 0) {
      findings.push(...lintDockerfile(read.output).issues.map((issue) => toFinding(file, issue)));
    }
  }
  return { command, findings, files };
}

function toFinding(
  target: string,
  issue: ReturnType<typeof lintDockerfile>['issues'][number],
): ContainerFinding {
  const id =
    issue.id === 'dockerfile.unpinned_base_image_latest'
      ? 'dockerfile.unpinned_base_image'
      : issue.id;
  const text = RULE_TEXT[id] ?? { title: id, resolution: '' };
  return {
    kind: 'misconfiguration',
    id,
    title: text.title,
    severity: issue.severity,
    target,
    type: 'dockerfile',
    description: issue.message.slice(0, 400),
    message: (issue.snippet === '' ? issue.message : issue.snippet).slice(0, 240),
    resolution: text.resolution.slice(0, 240),
    line: issue.line,
  };
}
