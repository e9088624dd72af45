import { TRACE_NAME, type Capability, type CostHint, type JsonObject } from '#app/contracts';
import { publishSchema } from './kit/published-schema.js';
import type { ToolDefinition } from './tool-definition.js';

/** CATALOG.md 1.7 */
export function costHintFor(timeoutSeconds: number): CostHint {
  if (timeoutSeconds <= 30) {
    return 'low';
  }
  return timeoutSeconds <= 120 ? 'medium' : 'high';
}

/** The published catalog entry of a declared tool (optional members omitted when empty). */
export function toCapability(definition: ToolDefinition): Capability {
  const capability: Capability = {
    name: definition.name,
    description: definition.description,
    input_schema: publishSchema(definition.inputSchema),
    output_schema: publishSchema(definition.outputSchema),
    scope: definition.scope,
    side_effects: definition.sideEffects,
    risk_level: definition.riskLevel,
    requires_approval: definition.requiresApproval,
    idempotency: definition.idempotency,
    constraints: {
      timeout_seconds: definition.timeoutSeconds,
      max_retries: definition.maxRetries,
      ...(definition.outputLimitKb ? { output_limit_kb: definition.outputLimitKb } : {}),
    },
    cost_hint: costHintFor(definition.timeoutSeconds),
    policy: definition.policy ?? {},
    observability: { trace_name: TRACE_NAME, span_name: definition.name },
  };
  if (definition.preconditions?.length) {
    capability.preconditions = definition.preconditions;
  }
  if (definition.postconditions?.length) {
    capability.postconditions = definition.postconditions;
  }
  if (definition.examples?.length) {
    capability.examples = definition.examples as JsonObject[];
  }
  return capability;
}

/** CATALOG.md 1.8: identical but for name, description, span name, `alias_of` and no examples. */
export function toAliasCapability(canonical: Capability, aliasName: string): Capability {
  const { examples: _examples, ...rest } = canonical;
  return {
    ...rest,
    name: aliasName,
    description: `Alias of ${canonical.name}. ${canonical.description}`,
    observability: { trace_name: TRACE_NAME, span_name: aliasName },
    alias_of: canonical.name,
  };
}
