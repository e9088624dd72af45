import type { JsonObject, JsonValue, Principal } from '#app/contracts';
import { AppException } from '#app/errors';
import { type BodyShape, checkBodyShape } from '#app/http';
import { normaliseAllowedPathEntry } from '#app/workspace';
import { SESSION_ID_PATTERN } from './session-id.js';

const CREATE_SESSION_SHAPE: BodyShape = {
  session_id: 'string',
  repo_url: 'string',
  repo_ref: 'string',
  source_repo_path: 'string',
  allowed_paths: 'array of strings',
  principal: {
    fields: { tenant_id: 'string', actor_id: 'string', roles: 'array of strings' },
  },
  metadata: 'object of strings',
  expires_in_seconds: 'integer',
};

export interface CreateSessionCommand {
  sessionId?: string;
  repoUrl?: string;
  repoRef?: string;
  sourceRepoPath?: string;
  allowedPaths: string[];
  principal: Principal;
  metadata: Record<string, string>;
  expiresInSeconds: number;
}

/**
 * API.md 5.6 field validation. `headerPrincipal` is set in trusted_headers mode and replaces the
 * body principal entirely (which must still be well-formed).
 */
export function parseCreateSession(
  body: JsonObject,
  headerPrincipal: Principal | null,
): CreateSessionCommand {
  checkBodyShape(body, CREATE_SESSION_SHAPE);
  const principal =
    headerPrincipal ?? bodyPrincipal(body['principal'] as JsonObject | null | undefined);
  const sessionId = optionalString(body['session_id']);
  if (sessionId !== undefined && !SESSION_ID_PATTERN.test(sessionId)) {
    throw new AppException(
      'invalid_argument',
      `session_id must match ${SESSION_ID_PATTERN.source}`,
    );
  }
  const repoUrl = optionalString(body['repo_url']);
  // repo_ref is ignored without repo_url (API.md 5.6).
  const repoRef = repoUrl === undefined ? undefined : optionalString(body['repo_ref']);
  const sourceRepoPath = optionalString(body['source_repo_path']);
  if (repoRef !== undefined) {
    checkRepoRef(repoRef);
  }
  if (sourceRepoPath !== undefined && !sourceRepoPath.startsWith('/')) {
    throw new AppException('invalid_argument', 'source_repo_path must be an absolute path');
  }
  const expires = body['expires_in_seconds'] as number | null | undefined;
  return {
    sessionId,
    repoUrl,
    repoRef,
    sourceRepoPath,
    allowedPaths: normaliseAllowedPaths(
      (body['allowed_paths'] as string[] | null | undefined) ?? [],
    ),
    principal,
    metadata: parseMetadata(body['metadata'] as Record<string, string> | null | undefined),
    expiresInSeconds: typeof expires === 'number' && expires > 0 ? expires : 3600,
  };
}

function bodyPrincipal(value: JsonObject | null | undefined): Principal {
  if (!value) {
    throw new AppException('invalid_argument', 'principal.tenant_id is required');
  }
  // The body shape checked both are strings when present.
  const tenant = textOf(value['tenant_id']).trim();
  const actor = textOf(value['actor_id']).trim();
  if (tenant === '') {
    throw new AppException('invalid_argument', 'principal.tenant_id is required');
  }
  if (actor === '') {
    throw new AppException('invalid_argument', 'principal.actor_id is required');
  }
  if (tenant.length > 256 || actor.length > 256) {
    throw new AppException('invalid_argument', 'principal ids must be at most 256 characters');
  }
  return {
    tenant_id: tenant,
    actor_id: actor,
    roles: normaliseRoles((value['roles'] as string[] | null) ?? []),
  };
}

/** Trimmed, empties dropped, duplicates removed keeping the first occurrence. */
export function normaliseRoles(roles: readonly string[]): string[] {
  return [...new Set(roles.map((role) => role.trim()).filter((role) => role !== ''))];
}

function normaliseAllowedPaths(entries: readonly string[]): string[] {
  if (entries.length > 256) {
    throw new AppException('invalid_argument', 'allowed_paths accepts at most 256 entries');
  }
  const normalised = entries.map((entry) => {
    const result = normaliseAllowedPathEntry(entry);
    if (result === null) {
      throw new AppException(
        'invalid_argument',
        `invalid allowed_paths entry: ${JSON.stringify(entry)}`,
      );
    }
    return result;
  });
  return normalised.length === 0 ? ['.'] : [...new Set(normalised)];
}

function parseMetadata(
  metadata: Record<string, string> | null | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (key === '') {
      throw new AppException('invalid_argument', 'metadata keys must be non-empty');
    }
    result[key] = value;
  }
  return result;
}

function checkRepoRef(ref: string): void {
  if (
    ref.length > 255 ||
    ref.startsWith('-') ||
    /[\s\u0000-\u001f\u007f]/.test(ref) ||
    ref.includes('..')
  ) {
    throw new AppException('invalid_argument', 'repo_ref is not a valid branch or tag name');
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function textOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}
