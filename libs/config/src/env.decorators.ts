import { posix } from 'node:path';
import { ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import type { JsonParse } from './env-json.parsers.js';
import {
  hasWhitespace,
  isDnsLabel,
  isDnsSubdomain,
  isHostName,
  isHttpHeaderName,
  parseBoolean,
  parseEnum,
  parseHostPort,
  parseInteger,
  splitList,
} from './env-value.parsers.js';
import { isOtlpEndpoint } from './otlp-endpoint.js';

/** Returns the rule that failed, in CONFIG.md wording, or `undefined` when the value is fine. */
type EnvCheck = (value: string, env: RawEnv, property: string) => string | undefined;
type RawEnv = Record<string, string | undefined>;

// Every rule is one check function used for both the verdict and the message, so the message always
// names the rule that actually failed (JSON rules name the offending key).
function EnvRule(name: string, check: EnvCheck): PropertyDecorator {
  const run = (args: ValidationArguments): string | undefined =>
    typeof args.value === 'string'
      ? check(args.value, args.object as RawEnv, args.property)
      : 'must be a string';
  return ValidateBy({
    name,
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => args !== undefined && !run(args),
      defaultMessage: (args?: ValidationArguments) => (args && run(args)) ?? 'is invalid',
    },
  });
}

/** Validates only when the variable is set and `condition` holds (a feature switched on). */
export function WhenSetAnd(condition: (env: RawEnv) => boolean): PropertyDecorator {
  return ValidateIf((env: RawEnv, value: unknown) => value !== undefined && condition(env));
}

export function IsEnvInteger(min: number, max?: number): PropertyDecorator {
  const rule =
    max === undefined
      ? `must be an integer >= ${min}`
      : `must be an integer between ${min} and ${max}`;
  return EnvRule('envInteger', (value) => {
    const parsed = parseInteger(value);
    const ok = parsed !== undefined && parsed >= min && (max === undefined || parsed <= max);
    return ok ? undefined : rule;
  });
}

export function IsEnvBoolean(): PropertyDecorator {
  return EnvRule('envBoolean', (value) =>
    parseBoolean(value) === undefined
      ? 'must be a boolean (1, true, yes, on, 0, false, no, off)'
      : undefined,
  );
}

/** A boolean that may only be false: a protection the service does not let an operator switch off. */
export function IsEnvFalse(why: string): PropertyDecorator {
  return EnvRule('envFalse', (value) => {
    const parsed = parseBoolean(value);
    if (parsed === undefined) {
      return 'must be a boolean (1, true, yes, on, 0, false, no, off)';
    }
    return parsed ? `must be false: ${why}` : undefined;
  });
}

export function IsEnvEnum(allowed: readonly string[]): PropertyDecorator {
  return EnvRule('envEnum', (value) =>
    parseEnum(value, allowed) === undefined ? `must be one of ${allowed.join(', ')}` : undefined,
  );
}

export function IsAbsolutePathNotRoot(): PropertyDecorator {
  return EnvRule('absolutePathNotRoot', (value) =>
    posix.isAbsolute(value) && posix.resolve(value) !== '/'
      ? undefined
      : 'must be an absolute path other than /',
  );
}

export function IsAbsolutePathList(): PropertyDecorator {
  return EnvRule('absolutePathList', (value) => {
    const relative = splitList(value).find((item) => !posix.isAbsolute(item));
    return relative === undefined
      ? undefined
      : `every item must be an absolute path ("${relative}" is not)`;
  });
}

/** CONFIG.md 2.2 `WORKSPACE_SOURCE_REPO_ALLOWLIST`: absolute paths and `https|http|ssh|git://host[:port][/path]` URLs. */
export function IsSourceAllowlist(): PropertyDecorator {
  return EnvRule('sourceAllowlist', (value) => {
    const bad = splitList(value).find(
      (item) =>
        !posix.isAbsolute(item) &&
        !/^(https?|ssh|git):\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d+)?(\/\S*)?$/i.test(item),
    );
    return bad === undefined
      ? undefined
      : `every item must be an absolute path or an https, http, ssh or git URL ("${bad}" is not)`;
  });
}

export function IsAbsolutePathBelowWorkspace(): PropertyDecorator {
  return EnvRule('pathBelowWorkspace', (value) =>
    posix.isAbsolute(value) && posix.resolve(value).startsWith('/workspace/')
      ? undefined
      : 'must be an absolute path below /workspace/',
  );
}

export function IsWithoutWhitespace(): PropertyDecorator {
  return EnvRule('withoutWhitespace', (value) =>
    hasWhitespace(value) ? 'must not contain whitespace' : undefined,
  );
}

export function IsHostName(): PropertyDecorator {
  return EnvRule('hostName', (value) =>
    isHostName(value) ? undefined : 'must be a host name or IP address',
  );
}

export function IsHostPort(): PropertyDecorator {
  return EnvRule('hostPort', (value) =>
    parseHostPort(value)
      ? undefined
      : 'must be host:port with a port between 1 and 65535 (IPv6 host in brackets)',
  );
}

/** An S3 bucket name: 3–63 lowercase letters, digits, dots and hyphens, alphanumeric at both ends. */
export function IsS3BucketName(): PropertyDecorator {
  return EnvRule('s3BucketName', (value) =>
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value)
      ? undefined
      : 'must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)',
  );
}

/** An `http://` or `https://` URL with a host and no credentials, path, query or fragment. */
export function IsHttpBaseUrl(): PropertyDecorator {
  return EnvRule('httpBaseUrl', (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return 'must be an http or https URL';
    }
    const bare =
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname !== '' &&
      url.username === '' &&
      url.password === '' &&
      url.pathname === '/' &&
      url.search === '' &&
      url.hash === '';
    return bare ? undefined : 'must be an http or https URL without credentials, path or query';
  });
}

export function IsOtlpEndpoint(): PropertyDecorator {
  return EnvRule('otlpEndpoint', (value) =>
    isOtlpEndpoint(value) ? undefined : 'must be host:port or an http/https URL',
  );
}

/**
 * `WORKSPACE_LOCAL_SANDBOX=off` runs project code on the service host with the service's rights:
 * with authenticated multi-tenant traffic (`trusted_headers`, local backend) it needs the explicit
 * `WORKSPACE_ALLOW_UNSANDBOXED=true` (CONFIG.md 2.2).
 */
export function IsSandboxAllowedOff(): PropertyDecorator {
  return EnvRule('sandboxAllowedOff', (value, env) => {
    const off = parseEnum(value, ['off']) === 'off';
    const trusted = parseEnum(env['WORKSPACE_AUTH_MODE'] ?? '', ['trusted_headers']) !== undefined;
    const local = parseEnum(env['WORKSPACE_BACKEND'] ?? 'local', ['local']) !== undefined;
    const allowed = parseBoolean(env['WORKSPACE_ALLOW_UNSANDBOXED'] ?? '') === true;
    return off && trusted && local && !allowed
      ? 'must not be off when WORKSPACE_AUTH_MODE=trusted_headers unless WORKSPACE_ALLOW_UNSANDBOXED=true'
      : undefined;
  });
}

/**
 * `WORKSPACE_APPROVAL_MODE=request` means "someone else said yes": in payload mode every caller
 * names itself, so no approver can be told apart from the requester (API.md 7.3).
 */
export function IsApprovalModeAuthenticated(): PropertyDecorator {
  return EnvRule('approvalModeAuthenticated', (value, env) => {
    const request = parseEnum(value, ['request']) === 'request';
    const trusted = parseEnum(env['WORKSPACE_AUTH_MODE'] ?? '', ['trusted_headers']) !== undefined;
    return request && !trusted
      ? 'request mode requires WORKSPACE_AUTH_MODE=trusted_headers'
      : undefined;
  });
}

export function IsDnsLabel(maxLength = 63): PropertyDecorator {
  return EnvRule('dnsLabel', (value) =>
    isDnsLabel(value, maxLength)
      ? undefined
      : `must be a DNS-1123 label (lowercase letters, digits and -, ` +
        `at most ${maxLength} characters)`,
  );
}

export function IsDnsSubdomain(): PropertyDecorator {
  return EnvRule('dnsSubdomain', (value) =>
    isDnsSubdomain(value)
      ? undefined
      : 'must be a DNS-1123 subdomain (lowercase letters, digits, - and ., at most 253 characters)',
  );
}

export function IsJsonShape(parse: (raw: string) => JsonParse<unknown>): PropertyDecorator {
  return EnvRule('jsonShape', (value) => {
    const result = parse(value);
    return result.ok ? undefined : result.problem;
  });
}

/**
 * An HTTP header name (RFC 9110 token) that differs, case-insensitively, from the effective value
 * (set or default) of every other variable in `group`. A clash is reported on the later variable
 * of the group, or on this one when the other is left at its default.
 */
export function IsDistinctHeaderName(
  group: readonly { name: string; fallback: string }[],
): PropertyDecorator {
  return EnvRule('distinctHeaderName', (value, env, property) => {
    if (!isHttpHeaderName(value)) {
      return 'must be a valid HTTP header name (RFC 9110 token characters only)';
    }
    const self = group.findIndex((entry) => entry.name === property);
    const clash = group.find(
      (other, index) =>
        index !== self &&
        (index < self || env[other.name] === undefined) &&
        (env[other.name] ?? other.fallback).toLowerCase() === value.toLowerCase(),
    );
    return clash ? `must differ from ${clash.name}, case-insensitively` : undefined;
  });
}
