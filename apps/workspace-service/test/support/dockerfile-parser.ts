/** One Dockerfile instruction after continuation lines are joined; `line` is its first line (1-based). */
export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}

export interface DockerStage {
  /** Stage name from `FROM … AS <name>`, `''` when unnamed. */
  name: string;
  /** Image or earlier stage name after `FROM` (flags such as `--platform=` skipped). */
  from: string;
  /** True when `from` names an earlier stage rather than an image. */
  fromStage: boolean;
  instructions: DockerInstruction[];
}

export interface DockerfileModel {
  stages: DockerStage[];
}

/**
 * A small Dockerfile reader for the deploy-asset tests (hadolint is not available here): joins
 * `\` continuations, skips comments, blank lines and parser directives, and splits into stages.
 */
export function parseDockerfile(text: string): DockerfileModel {
  const stages: DockerStage[] = [];
  for (const instruction of readInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      stages.push(parseFrom(instruction, stages));
      continue;
    }
    const current = stages.at(-1);
    if (current === undefined) {
      if (instruction.keyword === 'ARG') {
        continue; // ARG before the first FROM is allowed.
      }
      throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    }
    current.instructions.push(instruction);
  }
  return { stages };
}

/** The instructions of `stage` with a given keyword, in order. */
export function instructionsOf(stage: DockerStage, keyword: string): DockerInstruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword.toUpperCase());
}

/**
 * The user a stage's image runs as: its last `USER`, else the effective user of the stage it
 * builds on, else `''` (the base image's default, root for the images used here).
 */
export function effectiveUser(model: DockerfileModel, stageName: string): string {
  const stage = model.stages.find((s) => s.name === stageName);
  if (stage === undefined) {
    throw new Error(`no stage named ${stageName}`);
  }
  const own = instructionsOf(stage, 'USER').at(-1);
  if (own !== undefined) {
    return own.args;
  }
  return stage.fromStage ? effectiveUser(model, stage.from) : '';
}

/** `CMD`/`ENTRYPOINT` arguments: the JSON array of the exec form, or the shell form as one item. */
export function commandWords(instruction: DockerInstruction): string[] {
  if (instruction.args.startsWith('[')) {
    const parsed: unknown = JSON.parse(instruction.args);
    if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string')) {
      throw new Error(`line ${instruction.line}: exec form must be a JSON array of strings`);
    }
    return parsed;
  }
  return [instruction.args];
}

function readInstructions(text: string): DockerInstruction[] {
  const instructions: DockerInstruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === undefined)) {
      return; // Comments (and directives) may also sit between continuation lines.
    }
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending ??= { parts: [], line: index + 1 };
    if (part !== '') {
      pending.parts.push(part);
    }
    if (!continues) {
      const joined = pending.parts.join(' ');
      const match = /^(\S+)\s*(.*)$/.exec(joined);
      if (match !== null) {
        instructions.push({
          keyword: match[1].toUpperCase(),
          args: match[2].trim(),
          line: pending.line,
        });
      }
      pending = undefined;
    }
  });
  return instructions;
}

function parseFrom(instruction: DockerInstruction, earlier: DockerStage[]): DockerStage {
  const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
  const from = words[0];
  if (from === undefined) {
    throw new Error(`line ${instruction.line}: FROM without an image`);
  }
  const hasAlias = words.length === 3 && words[1].toUpperCase() === 'AS';
  if (words.length !== 1 && !hasAlias) {
    throw new Error(`line ${instruction.line}: cannot read FROM ${instruction.args}`);
  }
  return {
    name: hasAlias ? words[2] : '',
    from,
    fromStage: earlier.some((s) => s.name !== '' && s.name === from),
    instructions: [],
  };
}
