import { hasWhitespace, isCidr, isHostName, parseJsonObject } from './env-value.parsers.js';

// Parsers for the JSON-valued variables. They return either the cleaned value or the rule that
// failed (worded for the `VARIABLE: <rule> (got "…")` problem line).

export type JsonParse<T> = { ok: true; value: T } | { ok: false; problem: string };

const NOT_JSON: JsonParse<never> = { ok: false, problem: 'must be valid JSON' };

function fail(problem: string): JsonParse<never> {
  return { ok: false, problem };
}

/** Profile id → endpoint. Keys and values trimmed; entries with a blank key or value dropped. */
export function parseEndpointMap(raw: string): JsonParse<Record<string, string>> {
  const object = parseJsonObject(raw);
  if (!object) {
    return isJson(raw) ? fail('must be a JSON object of profile id to endpoint string') : NOT_JSON;
  }
  const value: Record<string, string> = {};
  for (const [key, endpoint] of Object.entries(object)) {
    if (typeof endpoint !== 'string') {
      return fail(`endpoint of profile "${key}" must be a string`);
    }
    if (key.trim() !== '' && endpoint.trim() !== '') {
      value[key.trim()] = endpoint.trim();
    }
  }
  return { ok: true, value };
}

/** Profile id → host rules (CIDR, `*.suffix` or exact host name). Rules trimmed and lowercased. */
export function parseHostAllowlist(raw: string): JsonParse<Record<string, string[]>> {
  const object = parseJsonObject(raw);
  if (!object) {
    return isJson(raw)
      ? fail('must be a JSON object of profile id to an array of host rules')
      : NOT_JSON;
  }
  const value: Record<string, string[]> = {};
  for (const [key, rules] of Object.entries(object)) {
    if (!Array.isArray(rules)) {
      return fail(`rules of profile "${key}" must be an array of strings`);
    }
    const cleaned: string[] = [];
    for (const rule of rules as unknown[]) {
      const problem = hostRuleProblem(rule, key);
      if (problem) {
        return fail(problem);
      }
      cleaned.push((rule as string).trim().toLowerCase());
    }
    value[key.trim()] = cleaned;
  }
  return { ok: true, value };
}

/** Runner profile → image reference. Keys trimmed and lowercased; blank key or value dropped. */
export function parseImageBundles(raw: string): JsonParse<Record<string, string>> {
  const object = parseJsonObject(raw);
  if (!object) {
    return isJson(raw) ? fail('must be a JSON object of profile to image reference') : NOT_JSON;
  }
  const value: Record<string, string> = {};
  for (const [key, image] of Object.entries(object)) {
    if (typeof image !== 'string') {
      return fail(`image of profile "${key}" must be a string`);
    }
    if (hasWhitespace(image.trim())) {
      return fail(`image of profile "${key}" must not contain whitespace`);
    }
    if (key.trim() !== '' && image.trim() !== '') {
      value[key.trim().toLowerCase()] = image.trim();
    }
  }
  return { ok: true, value };
}

function hostRuleProblem(rule: unknown, profile: string): string | undefined {
  if (typeof rule !== 'string') {
    return `rules of profile "${profile}" must be strings`;
  }
  const text = rule.trim();
  if (text === '') {
    return `profile "${profile}" has an empty rule`;
  }
  if (text.includes('/')) {
    return isCidr(text) ? undefined : `rule "${text}" of profile "${profile}" is not a valid CIDR`;
  }
  const host = text.startsWith('*.') ? text.slice(2) : text;
  return isHostName(host)
    ? undefined
    : `rule "${text}" of profile "${profile}" is not a CIDR, *.suffix or host name`;
}

function isJson(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}
