/** One logical Dockerfile instruction after continuation lines were joined. */
export interface DockerfileInstruction {
  /** Upper-cased instruction name (`FROM`, `RUN`, …). */
  name: string;
  /** Everything after the name, continuation lines joined with a space, trimmed. */
  args: string;
  /** The whole joined instruction text as written (name included). */
  text: string;
  /** 1-based number of the instruction's first line. */
  line: number;
}

/**
 * CATALOG.md 17 "Dockerfile lint" parsing: continuation lines (a trailing `\`) are joined, comment
 * and blank lines skipped (also inside a continuation, as Docker does), instruction names
 * case-insensitive. Parser directives and heredoc bodies are not interpreted.
 */
export function parseDockerfile(text: string): DockerfileInstruction[] {
  const lines = text.split(/\r?\n/);
  const instructions: DockerfileInstruction[] = [];
  let parts: string[] = [];
  let startLine = 0;
  for (const [index, raw] of lines.entries()) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      continue;
    }
    if (parts.length === 0) {
      startLine = index + 1;
    }
    const continued = trimmed.endsWith('\\');
    parts.push(continued ? trimmed.slice(0, -1).trim() : trimmed);
    if (!continued) {
      instructions.push(toInstruction(parts, startLine));
      parts = [];
    }
  }
  if (parts.length > 0) {
    instructions.push(toInstruction(parts, startLine));
  }
  return instructions;
}

function toInstruction(parts: string[], line: number): DockerfileInstruction {
  const text = parts.filter((part) => part !== '').join(' ');
  const match = /^(\S+)\s*(.*)$/s.exec(text);
  return { name: (match?.[1] ?? '').toUpperCase(), args: (match?.[2] ?? '').trim(), text, line };
}
