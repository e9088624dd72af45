import { type TProperties, Type } from '@sinclair/typebox';
import { ToolArgs } from '#app/tool-registry';

// Descriptor parts every fixture tool shares; each tool overrides only what its spec needs.

export const baseDescriptor = {
  description: 'Fixture tool for the invoke pipeline specs.',
  scope: 'workspace' as const,
  sideEffects: 'none' as const,
  riskLevel: 'low' as const,
  requiresApproval: false,
  idempotency: 'guaranteed' as const,
  timeoutSeconds: 30,
  maxRetries: 0,
};

/** Args of the tools that take none. */
export const NoArgs = ToolArgs({});

/** Published as `{}`: the pipeline skips the output check. */
export const AnyOutput = Type.Unknown();

/** An output object refusing unknown members, every member optional. */
export const closedOutput = <P extends TProperties>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });
