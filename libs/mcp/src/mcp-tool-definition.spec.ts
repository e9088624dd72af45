import type { Capability } from '#app/contracts';
import { mcpToolOf, titleOf, toMcpTool } from './mcp-tool-definition.js';

function capability(overrides: Partial<Capability>): Capability {
  return {
    name: 'fs.read_file',
    description: 'Read a file',
    input_schema: { type: 'object', properties: { path: { type: 'string' } } },
    output_schema: { type: 'object', properties: { content: { type: 'string' } } },
    scope: 'workspace',
    side_effects: 'none',
    risk_level: 'low',
    requires_approval: false,
    idempotency: 'guaranteed',
    constraints: { timeout_seconds: 20, max_retries: 0 },
    cost_hint: 'low',
    policy: {},
    observability: { trace_name: 'workspace.tools', span_name: 'fs.read_file' },
    ...overrides,
  };
}

describe('toMcpTool (API.md 5.24 tools/list)', () => {
  it.each([
    // side_effects, idempotency, scope → readOnly, destructive, idempotent, openWorld
    ['none', 'guaranteed', 'workspace', true, false, true, false],
    ['none', 'best-effort', 'repo', true, false, false, false],
    ['reversible', 'best-effort', 'workspace', false, false, false, false],
    ['reversible', 'guaranteed', 'external', false, false, true, true],
    ['irreversible', 'none', 'cluster', false, true, false, true],
    ['irreversible', 'best-effort', 'workspace', false, true, false, false],
  ] as const)(
    'should map side_effects=%s idempotency=%s scope=%s to the hints',
    (sideEffects, idempotency, scope, readOnly, destructive, idempotent, openWorld) => {
      const tool = toMcpTool(
        capability({ side_effects: sideEffects, idempotency: idempotency, scope: scope }),
      );
      expect(tool.annotations).toEqual({
        title: 'fs: read file',
        readOnlyHint: readOnly,
        destructiveHint: destructive,
        idempotentHint: idempotent,
        openWorldHint: openWorld,
      });
    },
  );

  it('should keep the name, description and schemas of the catalog entry', () => {
    const entry = capability({ requires_approval: true, risk_level: 'medium' });
    expect(toMcpTool(entry)).toEqual({
      name: 'fs.read_file',
      title: 'fs: read file',
      description: 'Read a file',
      inputSchema: entry.input_schema,
      outputSchema: entry.output_schema,
      annotations: expect.any(Object),
      _meta: {
        'workspace/scope': 'workspace',
        'workspace/risk_level': 'medium',
        'workspace/requires_approval': true,
      },
    });
  });

  it('should leave out an output schema that does not describe an object', () => {
    expect(toMcpTool(capability({ output_schema: { type: 'array' } }))).not.toHaveProperty(
      'outputSchema',
    );
    expect(toMcpTool(capability({ output_schema: {} }))).not.toHaveProperty('outputSchema');
  });

  it('should derive titles from the name', () => {
    expect(titleOf('git.commit_all')).toBe('git: commit all');
    expect(titleOf('standalone_tool')).toBe('standalone tool');
  });
});

describe('mcpToolOf', () => {
  it('should convert each capability object once and keep distinct capabilities apart', () => {
    const read = capability({});
    const write = capability({ name: 'fs.write_file', requires_approval: true });
    expect(mcpToolOf(read)).toBe(mcpToolOf(read));
    expect(mcpToolOf(read)).toEqual(toMcpTool(read));
    expect(mcpToolOf(write)).toEqual(toMcpTool(write));
    expect(mcpToolOf(write)._meta).toMatchObject({ 'workspace/requires_approval': true });
  });
});
