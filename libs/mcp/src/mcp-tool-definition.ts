import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Capability, JsonSchema } from '#app/contracts';

/**
 * The MCP form of each registered capability, built once: the registry's capability objects are
 * registered at startup and not modified afterwards. Which of them a session sees is still decided
 * on every `tools/list` (by `CatalogView`, with the policy); only their conversion is remembered.
 */
const converted = new WeakMap<Capability, Tool>();

/** `toMcpTool`, remembered per capability object (callers only serialise it, never change it). */
export function mcpToolOf(capability: Capability): Tool {
  let tool = converted.get(capability);
  if (tool === undefined) {
    tool = toMcpTool(capability);
    converted.set(capability, tool);
  }
  return tool;
}

/**
 * API.md 5.24 `tools/list`: one catalog entry as an MCP tool. The name is the catalog name
 * unchanged (MCP allows `A–Z a–z 0–9 _ - .`, which every catalog name fits); the annotations are
 * read from the policy metadata, never guessed from the name.
 */
export function toMcpTool(capability: Capability): Tool {
  const title = titleOf(capability.name);
  const outputSchema = objectSchemaOrNothing(capability.output_schema);
  return {
    name: capability.name,
    title,
    description: capability.description,
    inputSchema: capability.input_schema as Tool['inputSchema'],
    ...(outputSchema ? { outputSchema } : {}),
    annotations: {
      title,
      readOnlyHint: capability.side_effects === 'none',
      destructiveHint: capability.side_effects === 'irreversible',
      // Hints must not promise more than the catalog does: best-effort is not idempotent.
      idempotentHint: capability.idempotency === 'guaranteed',
      openWorldHint: capability.scope === 'external' || capability.scope === 'cluster',
    },
    _meta: {
      'workspace/scope': capability.scope,
      'workspace/risk_level': capability.risk_level,
      'workspace/requires_approval': capability.requires_approval,
    },
  };
}

/** `fs.read_file` → `fs: read file`: a short human label, derived the same way for every tool. */
export function titleOf(name: string): string {
  const dot = name.indexOf('.');
  const family = dot > 0 ? name.slice(0, dot) : '';
  const verb = (dot > 0 ? name.slice(dot + 1) : name).replaceAll('_', ' ');
  return family ? `${family}: ${verb}` : verb;
}

/** MCP requires an `outputSchema` to describe an object; other shapes are left out (API.md 5.24). */
function objectSchemaOrNothing(schema: JsonSchema): Tool['outputSchema'] {
  return schema['type'] === 'object' ? (schema as Tool['outputSchema']) : undefined;
}
