/** API.md 8.1 label sanitising: lowercase, `[a-z0-9._-]`, at most 63, trimmed of `-_.`; empty → `unknown`. */
export function sanitiseLabelValue(value: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .slice(0, 63)
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return cleaned === '' ? 'unknown' : cleaned;
}

/** API.md 8.1 pod-name normalising: `<prefix>-<normalised id>`, at most 63, no trailing `-`. */
export function podNameFor(prefix: string, sessionId: string): string {
  const normalised = sessionId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}-${normalised === '' ? 'session' : normalised}`.slice(0, 63).replace(/-+$/, '');
}

export const SESSION_POD_APP = 'workspace-session';
export const CONTAINER_RUN_POD_APP = 'workspace-container-run';

/** Annotation holding the exact session id of a session or container-run pod (labels are normalised). */
export const SESSION_ID_ANNOTATION = 'workspace-service/session-id';

/**
 * Annotation of a session pod still being provisioned past the janitor's grace (a fork streaming its
 * workspace): an ISO time until which the janitor does not count the missing session record as an
 * orphan (API.md 8.7). Only the service sets it; runner pods hold no API token.
 */
export const PROVISIONING_UNTIL_ANNOTATION = 'workspace-service/provisioning-until';
