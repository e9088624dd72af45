/**
 * NATS subject rules (API.md 7.6): tokens split on `.`; `*` matches exactly one token, `>` as the
 * last pattern token matches one or more remaining tokens, any other token must be equal. Without
 * a trailing `>` the token counts must be equal.
 */
export function matchesNatsSubject(pattern: string, subject: string): boolean {
  const patternTokens = pattern.split('.');
  const subjectTokens = subject.split('.');
  const lastIndex = patternTokens.length - 1;
  for (const [index, token] of patternTokens.entries()) {
    if (token === '>' && index === lastIndex) {
      return subjectTokens.length > index;
    }
    if (index >= subjectTokens.length) {
      return false;
    }
    if (token !== '*' && token !== subjectTokens[index]) {
      return false;
    }
  }
  return patternTokens.length === subjectTokens.length;
}
