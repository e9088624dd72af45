import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { loadAppConfig } from '#app/config';
import { JsonLogger } from '#app/observability';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolDefinition,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { createApp } from '../src/create-app.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Extra tool modules (AppModuleOptions.toolModules) join the catalog under the same rules as the
// built-in families: the same role policy, and no way to take over a built-in name.
const HouseArgs = ToolArgs({});

const HOUSE_TOOL: Omit<ToolDefinition<typeof HouseArgs>, 'name' | 'scope'> = {
  description: 'House tool used by this test.',
  inputSchema: HouseArgs,
  outputSchema: ToolOutput({ ok: Type.Boolean() }),
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 5,
  maxRetries: 0,
};

@Tool({ ...HOUSE_TOOL, name: 'house.status', scope: 'external' })
class HouseStatusTool implements ToolHandler<typeof HouseArgs> {
  async execute(): Promise<ToolResult> {
    return { output: { ok: true } };
  }
}

@Module({ providers: [HouseStatusTool] })
class HouseToolsModule {}

@Tool({ ...HOUSE_TOOL, name: 'fs.stat', scope: 'workspace' })
class ShadowStatTool implements ToolHandler<typeof HouseArgs> {
  async execute(): Promise<ToolResult> {
    return { output: { ok: false } };
  }
}

@Module({ providers: [ShadowStatTool] })
class ShadowToolsModule {}

describe('extra tool modules (AppModule.forRoot toolModules)', () => {
  let t: TestApp;

  const sessionFor = async (roles: string[]): Promise<string> => {
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'house', actor_id: 'agent', roles } },
    });
    expect(response.status).toBe(201);
    return response.body.session.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp({}, { toolModules: [HouseToolsModule] });
  });
  afterAll(() => t.close());

  it('should deny an external-scope house tool to a role without that scope, recorded and counted', async () => {
    const sessionId = await sessionFor(['developer']);

    const listed = await t.request('GET', `/v1/sessions/${sessionId}/tools`);
    const response = await t.request(
      'POST',
      `/v1/sessions/${sessionId}/tools/house.status/invoke`,
      { body: {} },
    );

    expect(listed.body.tools.map((tool: { name: string }) => tool.name)).not.toContain(
      'house.status',
    );
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'policy_denied',
      message: 'principal roles cannot access tool scope',
      retryable: false,
    });
    expect(response.body.invocation).toMatchObject({ tool_name: 'house.status', status: 'denied' });
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toContain(
      'workspace_invocations_denied_total{tool="house.status",reason="policy_denied"} 1',
    );
  });

  it('should list and run the house tool for a role that holds its scope', async () => {
    const sessionId = await sessionFor(['devops']);

    const listed = await t.request('GET', `/v1/sessions/${sessionId}/tools`);
    const response = await t.request(
      'POST',
      `/v1/sessions/${sessionId}/tools/house.status/invoke`,
      { body: {} },
    );

    expect(listed.body.tools.map((tool: { name: string }) => tool.name)).toContain('house.status');
    expect(response.status).toBe(200);
    expect(response.body.invocation).toMatchObject({ status: 'succeeded', output: { ok: true } });
  });

  it('should refuse to boot when a house tool takes the name of a built-in tool', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wes-shadow-'));
    const config = loadAppConfig({
      WORKSPACE_ROOT: join(root, 'w'),
      ARTIFACT_ROOT: join(root, 'a'),
    });
    const app = await createApp(
      config,
      new JsonLogger('error', () => undefined),
      {},
      { toolModules: [ShadowToolsModule] },
    );
    try {
      await expect(app.init()).rejects.toThrow(
        'catalog: duplicate tool name fs.stat (FsStatTool and ShadowStatTool)',
      );
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
