import { maskRanges } from '../secrets/secret-mask.js';
import { findPatternSecrets } from '../secrets/secret-patterns.js';
import { type ContainerFinding, cut, toSeverity } from './container-finding.js';

type Json = Record<string, unknown>;

/**
 * Parses trivy's JSON report (`{Results: [...]}` or a bare array of results) into findings;
 * `undefined` when the text is not such a report (the caller then falls back to the heuristics).
 */
export function parseTrivyReport(text: string): ContainerFinding[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const results = Array.isArray(parsed)
    ? parsed
    : isObject(parsed)
      ? (parsed['Results'] ?? [])
      : undefined;
  if (!Array.isArray(results)) {
    return undefined;
  }
  return results.filter(isObject).flatMap(resultFindings);
}

function resultFindings(result: Json): ContainerFinding[] {
  const target = typeof result['Target'] === 'string' ? result['Target'] : '';
  return [
    ...arrayOf(result['Vulnerabilities']).map((item): ContainerFinding => ({
      kind: 'vulnerability',
      id: cut(item['VulnerabilityID'], 200),
      title: cut(item['Title'], 240),
      severity: toSeverity(item['Severity']),
      target,
      package: cut(item['PkgName'], 200),
      installed_version: cut(item['InstalledVersion'], 200),
      fixed_version: cut(item['FixedVersion'], 200),
      description: cut(item['Description'], 400),
      primary_url: cut(item['PrimaryURL'], 400),
    })),
    ...arrayOf(result['Misconfigurations']).map((item): ContainerFinding => ({
      kind: 'misconfiguration',
      // Older trivy reports carry only the AVD id.
      id: cut(item['ID'], 200) || cut(item['AVDID'], 200),
      title: cut(item['Title'], 240),
      severity: toSeverity(item['Severity']),
      target,
      type: cut(item['Type'], 120),
      description: cut(item['Description'], 400),
      message: cut(item['Message'], 240),
      resolution: cut(item['Resolution'], 240),
    })),
    ...arrayOf(result['Secrets']).map((item): ContainerFinding => {
      const match = typeof item['Match'] === 'string' ? item['Match'] : '';
      return {
        kind: 'secret',
        id: cut(item['RuleID'], 200),
        title: cut(item['Title'], 240),
        severity: toSeverity(item['Severity']),
        target,
        category: cut(item['Category'], 120),
        line: typeof item['StartLine'] === 'number' ? item['StartLine'] : 0,
        // trivy masks the value itself; our patterns mask again in case a rule did not.
        match: maskRanges(match, findPatternSecrets(match)).slice(0, 180),
      };
    }),
  ];
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}
