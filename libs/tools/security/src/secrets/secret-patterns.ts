/** A secret found in a text: the half-open character range of the value to mask. */
export interface SecretRange {
  start: number;
  end: number;
}

/**
 * The four patterns CATALOG.md 20 requires to be detected whatever the rule set finds. For the
 * assignment pattern only the quoted value is the secret (the key name stays readable).
 */
const PATTERNS: Array<{ regex: RegExp; valueGroup?: number }> = [
  { regex: /AKIA[0-9A-Z]{16}/g },
  { regex: /-----BEGIN RSA PRIVATE KEY-----/g },
  { regex: /-----BEGIN OPENSSH PRIVATE KEY-----/g },
  { regex: /(?:api[_-]?key|apikey|secret|token)\s*[:=]\s*(["'])([^"']{12,})\1/gi, valueGroup: 2 },
];

export function findPatternSecrets(content: string): SecretRange[] {
  const ranges: SecretRange[] = [];
  for (const { regex, valueGroup } of PATTERNS) {
    for (const match of content.matchAll(regex)) {
      const value = valueGroup === undefined ? match[0] : match[valueGroup];
      if (value === undefined || value === '') {
        continue;
      }
      const start = match.index + match[0].lastIndexOf(value);
      ranges.push({ start, end: start + value.length });
    }
  }
  return ranges;
}
