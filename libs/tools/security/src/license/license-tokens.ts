import parseSpdx, { type SpdxExpressionNode } from 'spdx-expression-parse';

export const UNKNOWN_TOKEN = 'UNKNOWN';

const NO_LICENSE = new Set(['', 'N/A', 'NONE', 'NOASSERTION', UNKNOWN_TOKEN]);

/** CATALOG.md 20 license_check: uppercase, no parentheses, `_` → `-`, "no license" words → `UNKNOWN`. */
export function normaliseLicenseToken(token: string): string {
  const normalised = token.toUpperCase().replace(/[()]/g, '').replace(/_/g, '-').trim();
  return NO_LICENSE.has(normalised) ? UNKNOWN_TOKEN : normalised;
}

/** `allowed_licenses` / `denied_licenses`: items split on `,`, `;` and whitespace, normalised, unique, sorted. */
export function normaliseLicenseList(items: readonly string[]): string[] {
  const tokens = items.flatMap((item) => item.split(/[,;\s]+/)).filter((item) => item !== '');
  return [...new Set(tokens.map(normaliseLicenseToken))].sort();
}

/**
 * The license tokens of a dependency's license expression. A valid SPDX expression contributes
 * its license ids and exceptions (so `LicenseRef-…`, `DocumentRef-…:LicenseRef-…` and `+` survive
 * intact and the operators are not tokens); anything else is split on characters other than letters,
 * digits, `.`, `-` and `+` as the catalog specifies.
 */
export function licenseTokens(expression: string): string[] {
  const trimmed = expression.trim();
  if (NO_LICENSE.has(trimmed.toUpperCase())) {
    return [UNKNOWN_TOKEN];
  }
  let raw: string[];
  try {
    raw = spdxIdentifiers(parseSpdx(trimmed));
  } catch {
    raw = trimmed.split(/[^A-Za-z0-9.+-]+/);
  }
  return [...new Set(raw.filter((token) => token !== '').map(normaliseLicenseToken))];
}

function spdxIdentifiers(node: SpdxExpressionNode): string[] {
  if ('conjunction' in node) {
    return [...spdxIdentifiers(node.left), ...spdxIdentifiers(node.right)];
  }
  const license = node.plus === true ? `${node.license}+` : node.license;
  return node.exception === undefined ? [license] : [license, node.exception];
}
