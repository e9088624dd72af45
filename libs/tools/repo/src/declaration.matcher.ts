const KEYWORDS = [
  'type',
  'const',
  'let',
  'var',
  'def',
  'class',
  'fn',
  'interface',
  'struct',
  'enum',
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * CATALOG.md 6 `repo.find_references`: the trimmed line starts with `func X`, `func (<recv>) X` or
 * `<keyword> X` (X followed by a non-identifier character or the end), or with `X :=`.
 */
export function isDeclaration(line: string, symbol: string, caseSensitive: boolean): boolean {
  const flags = caseSensitive ? '' : 'i';
  const name = escapeRegExp(symbol);
  const declared = new RegExp(
    `^(?:func\\s+(?:\\([^)]*\\)\\s*)?|(?:${KEYWORDS.join('|')})\\s+)${name}(?![A-Za-z0-9_])`,
    flags,
  );
  const assigned = new RegExp(`^${name}\\s*:=`, flags);
  const trimmed = line.trim();
  return declared.test(trimmed) || assigned.test(trimmed);
}
