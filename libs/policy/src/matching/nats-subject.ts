/**
 * NATS subject rules (API.md 7.6). A subject or pattern is a list of `.`-separated tokens; a
 * token is non-empty and holds no whitespace; `*` and `>` are wildcards only as whole tokens and
 * `>` only as the last token; a token that merely contains `*` or `>` (`a*`, `b>`) is refused as
 * ambiguous. Whitespace and control characters are refused. Anything else is invalid and
 * matches nothing (fail closed).
 */
export function isValidNatsSubject(subject: string): boolean {
  if (subject === '') {
    return false;
  }
  const tokens = subject.split('.');
  return tokens.every((token, index) => {
    if (token === '' || /[\s\u0000-\u001f\u007f]/.test(token)) {
      return false;
    }
    if (token === '*' || (token === '>' && index === tokens.length - 1)) {
      return true;
    }
    return !token.includes('*') && !token.includes('>');
  });
}

/** True when the subject holds a wildcard token (`*` or a trailing `>`). */
export function hasNatsWildcard(subject: string): boolean {
  return subject.split('.').some((token) => token === '*' || token === '>');
}

/**
 * Subset check over NATS token semantics: true when every concrete subject that `subject` can
 * match (it may itself be a wildcard, as a subscription or a consumer filter is) is matched by
 * `pattern`. `*` matches exactly one token; `>` matches one or more trailing tokens. So `dev.*`
 * admits `dev.a` and `dev.*` but not `dev.>`; `dev.>` admits `dev.*.x` and `dev.>`.
 */
export function matchesNatsSubject(pattern: string, subject: string): boolean {
  if (!isValidNatsSubject(pattern) || !isValidNatsSubject(subject)) {
    return false;
  }
  const patternTokens = pattern.split('.');
  const subjectTokens = subject.split('.');
  for (const [index, token] of patternTokens.entries()) {
    const requested = subjectTokens[index];
    if (token === '>') {
      // One or more tokens of any content remain (a requested `>` is one or more, too).
      return requested !== undefined;
    }
    if (requested === undefined || requested === '>') {
      // A requested `>` can match more tokens than a pattern without `>` here allows.
      return false;
    }
    if (token !== '*' && token !== requested) {
      // A literal pattern token admits neither another literal nor a requested `*`.
      return false;
    }
  }
  return patternTokens.length === subjectTokens.length;
}
