import type { ConnProfileConfig } from './app-config.js';
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

const PROFILE_KINDS = [
  'nats',
  'kafka',
  'rabbitmq',
  'rabbit',
  'redis',
  'mongo',
  'mongodb',
  'http',
  'api',
];
const PROFILE_MEMBERS = ['id', 'kind', 'description', 'read_only', 'scopes'];

/**
 * Server connection profiles (CONFIG.md 2.7): a JSON array of `{id, kind, description?,
 * read_only, scopes?}`. Strict, because it is the ceiling session metadata can only narrow: a
 * known kind, an explicit boolean `read_only`, scope lists of strings, no repeated id and no other
 * member (endpoints and credentials have their own variables and never live in a profile).
 */
export function parseConnProfiles(raw: string): JsonParse<ConnProfileConfig[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return NOT_JSON;
  }
  if (!Array.isArray(parsed)) {
    return fail('must be a JSON array of profile objects');
  }
  const profiles: ConnProfileConfig[] = [];
  for (const [index, entry] of (parsed as unknown[]).entries()) {
    const profile = connProfile(entry, index);
    if (typeof profile === 'string') {
      return fail(profile);
    }
    if (profiles.some((other) => other.id === profile.id)) {
      return fail(`profile id "${profile.id}" is repeated`);
    }
    profiles.push(profile);
  }
  return { ok: true, value: profiles };
}

function connProfile(entry: unknown, index: number): ConnProfileConfig | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return `profile ${index} must be an object`;
  }
  const record = entry as Record<string, unknown>;
  const { id, kind, description, read_only: readOnly, scopes } = record;
  if (typeof id !== 'string' || id.trim() === '' || id.trim() !== id) {
    return `profile ${index} must have a non-empty "id" without surrounding spaces`;
  }
  const unknown = Object.keys(record).find((member) => !PROFILE_MEMBERS.includes(member));
  if (unknown !== undefined) {
    return `profile "${id}" has unknown member "${unknown}"`;
  }
  if (typeof kind !== 'string' || !PROFILE_KINDS.includes(kind)) {
    return `profile "${id}" must have a kind among ${PROFILE_KINDS.join(', ')}`;
  }
  if (description !== undefined && typeof description !== 'string') {
    return `description of profile "${id}" must be a string`;
  }
  if (typeof readOnly !== 'boolean') {
    return `profile "${id}" must set "read_only" to true or false`;
  }
  const lists: Record<string, string[]> = {};
  if (scopes !== undefined) {
    if (typeof scopes !== 'object' || scopes === null || Array.isArray(scopes)) {
      return `scopes of profile "${id}" must be an object of string arrays`;
    }
    for (const [name, list] of Object.entries(scopes)) {
      if (
        !Array.isArray(list) ||
        !list.every((item) => typeof item === 'string' && item.trim() !== '')
      ) {
        return `scope "${name}" of profile "${id}" must be an array of non-empty strings`;
      }
      lists[name] = [...(list as string[])];
    }
  }
  return { id, kind, description: description ?? '', read_only: readOnly, scopes: lists };
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
