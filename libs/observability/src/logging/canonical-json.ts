type Step = { text: string } | { value: unknown };

/**
 * API.md 11.3 canonical args: keys sorted by UTF-16 code units at every level, arrays in order,
 * no whitespace, scalars as JSON.stringify writes them.
 *
 * Iterative (an explicit work stack, no recursion), so no nesting depth can overflow the call
 * stack and cost the audit line (issue 11 finding 15).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const steps: Step[] = [{ value }];
  while (steps.length > 0) {
    const step = steps.pop()!;
    if ('text' in step) {
      out.push(step.text);
      continue;
    }
    const current = step.value;
    if (Array.isArray(current)) {
      out.push('[');
      steps.push({ text: ']' });
      for (let index = current.length - 1; index >= 0; index -= 1) {
        steps.push({ value: current[index] });
        if (index > 0) {
          steps.push({ text: ',' });
        }
      }
    } else if (current !== null && typeof current === 'object') {
      const record = current as Record<string, unknown>;
      const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      out.push('{');
      steps.push({ text: '}' });
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index];
        steps.push({ value: record[key] });
        steps.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
    } else {
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}
