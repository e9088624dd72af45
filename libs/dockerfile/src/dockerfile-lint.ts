import { type DockerfileInstruction, parseDockerfile } from './dockerfile-parser.js';
import { parseImageReference } from './image-reference.js';
import { type LintIssue, issue } from './lint-issue.js';

/** CATALOG.md 17 Dockerfile facts. */
export type DockerfileFacts = {
  /** FROM images in order, de-duplicated, without `scratch` and earlier stage names. */
  base_images: string[];
  stages_count: number;
  exposed_ports: string[];
  /** Last USER, `''` if none. */
  user: string;
  /** Text of the last ENTRYPOINT / CMD, `''` if none. */
  entrypoint: string;
  cmd: string;
};

export interface DockerfileLint {
  facts: DockerfileFacts;
  /** Unsorted; see `buildIssueReport`. */
  issues: LintIssue[];
}

interface BaseImage {
  image: string;
  instruction: DockerfileInstruction;
}

/** Lints a Dockerfile's text with the rules of CATALOG.md 17. Never throws. */
export function lintDockerfile(text: string): DockerfileLint {
  const instructions = parseDockerfile(text);
  const stageNames = new Set<string>();
  const bases: BaseImage[] = [];
  const exposed: string[] = [];
  const facts: DockerfileFacts = {
    base_images: [],
    stages_count: 0,
    exposed_ports: [],
    user: '',
    entrypoint: '',
    cmd: '',
  };
  let hasUser = false;
  const issues: LintIssue[] = [];

  for (const instruction of instructions) {
    switch (instruction.name) {
      case 'FROM': {
        facts.stages_count += 1;
        const words = instruction.args
          .split(/\s+/)
          .filter((word) => word !== '' && !word.startsWith('--'));
        const image = words[0] ?? '';
        if (
          image !== '' &&
          image.toLowerCase() !== 'scratch' &&
          !stageNames.has(image.toLowerCase())
        ) {
          bases.push({ image, instruction });
        }
        if (words.length >= 3 && words[1]?.toLowerCase() === 'as') {
          stageNames.add((words[2] ?? '').toLowerCase());
        }
        break;
      }
      case 'EXPOSE':
        exposed.push(...instruction.args.split(/\s+/).filter((word) => word !== ''));
        break;
      case 'USER':
        hasUser = true;
        facts.user = instruction.args;
        break;
      case 'ENTRYPOINT':
        facts.entrypoint = instruction.args;
        break;
      case 'CMD':
        facts.cmd = instruction.args;
        break;
      case 'ADD':
        issues.push(
          issue(
            'dockerfile.add_instead_of_copy',
            'low',
            instruction.line,
            'ADD used where COPY would do',
            instruction.text,
          ),
        );
        break;
      case 'RUN':
        issues.push(...runIssues(instruction));
        break;
      default:
        break;
    }
  }

  facts.base_images = [...new Set(bases.map((base) => base.image))];
  facts.exposed_ports = [...new Set(exposed)];
  issues.push(...bases.flatMap(baseImageIssues));
  if (!hasUser) {
    issues.push(
      issue(
        'dockerfile.missing_user',
        'medium',
        0,
        'no USER instruction: the container runs as root',
        '',
      ),
    );
  }
  return { facts, issues };
}

function baseImageIssues({ image, instruction }: BaseImage): LintIssue[] {
  // A base chosen by a build argument cannot be judged from the text.
  if (image.includes('$')) {
    return [];
  }
  const reference = parseImageReference(image);
  if (reference.digest === '' && reference.tag === 'latest') {
    return [
      issue(
        'dockerfile.unpinned_base_image_latest',
        'medium',
        instruction.line,
        `base image ${image} uses the latest tag`,
        instruction.text,
      ),
    ];
  }
  if (reference.digest === '' && reference.tag === '') {
    return [
      issue(
        'dockerfile.unpinned_base_image',
        'medium',
        instruction.line,
        `base image ${image} has neither tag nor digest`,
        instruction.text,
      ),
    ];
  }
  return [];
}

function runIssues(instruction: DockerfileInstruction): LintIssue[] {
  const found: LintIssue[] = [];
  const command = instruction.args;
  if (/\b(curl|wget)\b/.test(command) && command.includes('|')) {
    found.push(
      issue(
        'dockerfile.pipe_to_shell',
        'high',
        instruction.line,
        'a downloaded script is piped into a shell',
        instruction.text,
      ),
    );
  }
  if (/chmod\s+(-R\s+)?0?777/.test(command)) {
    found.push(
      issue(
        'dockerfile.chmod_777',
        'medium',
        instruction.line,
        'chmod 777 makes files world-writable',
        instruction.text,
      ),
    );
  }
  if (command.includes('apt-get install') && !command.includes('--no-install-recommends')) {
    found.push(
      issue(
        'dockerfile.apt_install_recommends',
        'low',
        instruction.line,
        'apt-get install without --no-install-recommends',
        instruction.text,
      ),
    );
  }
  return found;
}
