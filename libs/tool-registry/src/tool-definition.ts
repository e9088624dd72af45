import type { TObject, TSchema } from '@sinclair/typebox';
import type {
  CapabilityScope,
  Idempotency,
  PolicyBindings,
  RiskLevel,
  SideEffects,
} from '#app/contracts';
import type { ExampleOf } from './kit/args-of.js';

/**
 * What a tool declares with `@Tool()`. Everything else in the published capability
 * (`cost_hint`, `observability`, alias entries) is derived by the registry (CATALOG.md 1.7, 1.8).
 */
export interface ToolDefinition<S extends TObject = TObject> {
  /** `family.verb`, matching `^[a-z0-9_]+(\.[a-z0-9_]+)+$`. */
  name: string;
  description: string;
  /**
   * The args, declared once with TypeBox and the kit (`ToolArgs`, `Defaulted`, `StringEnum`): the
   * catalog publishes it, Ajv validates and fills defaults with it, and the handler's `args` type is
   * derived from it.
   */
  inputSchema: S;
  /** What a result may hold (`ToolOutput`); published, never enforced. */
  outputSchema: TSchema;
  scope: CapabilityScope;
  sideEffects: SideEffects;
  riskLevel: RiskLevel;
  requiresApproval: boolean;
  idempotency: Idempotency;
  /** Invocation deadline, 1–600 s: the only constraint the service enforces. */
  timeoutSeconds: number;
  /** Advisory for callers; the service never retries. */
  maxRetries: number;
  /** Advisory; 0 or absent is omitted from the catalog. */
  outputLimitKb?: number;
  preconditions?: string[];
  postconditions?: string[];
  policy?: PolicyBindings;
  /** Example `args`; each must validate against `inputSchema` (checked at boot). */
  examples?: ExampleOf<S>[];
  /** Alias entries sharing this handler (`secrets.scan` → `security.scan_secrets`). */
  aliases?: string[];
}
