import { KubernetesVariables } from './env.schema.kubernetes.js';

/** Variables whose values never appear in problem lines or logs. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'WORKSPACE_AUTH_SHARED_TOKEN',
  'VALKEY_PASSWORD',
]);

/**
 * Every variable of CONFIG.md section 2, as the raw string after trimming (`undefined` = unset or
 * empty = default). Validation is conditional on use: a group whose feature is off is not checked.
 * Semantics of each variable: `docs/CONFIGURATION.md` and CONFIG.md.
 *
 * The variables are declared per CONFIG.md area (`env.schema.<area>.ts`), each class extending the
 * previous one in section order: class-validator reports problems in the order the rules were
 * declared, so the chain keeps the order of section 2. This class adds none of its own, which
 * would be validated ahead of the inherited ones.
 */
export class EnvironmentVariables extends KubernetesVariables {}
