import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createApp,
  generateCatalogDocs,
  JsonLogger,
  loadAppConfig,
  snapshotProcessEnvironment,
} from '#workspace-service';
import { TextToolsModule } from '../src/index.js';

// Parsed JSON bodies are read loosely; each assertion states the shape it expects.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Boots the service exactly as a platform team would (public entry + its own module) and drives
// `text.word_count` through the full pipeline: catalog, policy, records, audit, metrics.
describe('a custom tool family passed to the service (examples/custom-tool-family)', () => {
  let root: string;
  let app: NestFastifyApplication;
  const logs: Json[] = [];

  const request = async (method: 'GET' | 'POST', url: string, body?: Json) => {
    const response = await app.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: body }),
    });
    return { status: response.statusCode, body: response.json<Json>() };
  };

  const metricsText = async (): Promise<string> =>
    (await app.inject({ method: 'GET', url: '/metrics' })).body;

  const auditLineOf = (invocationId: unknown): Json[] =>
    logs.filter(
      (line) => line['msg'] === 'audit.tool_invocation' && line['invocation_id'] === invocationId,
    );

  const createSession = async (
    allowedPaths: string[],
  ): Promise<{ id: string; workspace: string }> => {
    const response = await request('POST', '/v1/sessions', {
      principal: { tenant_id: 'platform', actor_id: 'agent-7', roles: ['developer'] },
      allowed_paths: allowedPaths,
    });
    expect(response.status).toBe(201);
    return { id: response.body['session'].id, workspace: response.body['session'].workspace_path };
  };

  const writeWorkspaceFile = (workspace: string, path: string, content: string): void => {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  };

  const wordCount = (sessionId: string, args: Json) =>
    request('POST', `/v1/sessions/${sessionId}/tools/text.word_count/invoke`, { args });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'custom-family-e2e-'));
    const config = loadAppConfig({
      WORKSPACE_ROOT: join(root, 'workspaces'),
      ARTIFACT_ROOT: join(root, 'artifacts'),
    });
    const logger = new JsonLogger('info', (line) => logs.push(JSON.parse(line) as Json));
    app = await createApp(config, logger, snapshotProcessEnvironment(), {
      toolModules: [TextToolsModule],
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('should list the tool in the session catalog with its metadata and schemas', async () => {
    const session = await createSession(['.']);

    const response = await request('GET', `/v1/sessions/${session.id}/tools`);

    expect(response.status).toBe(200);
    const tools = response.body['tools'] as Json[];
    expect(tools.map((tool) => tool['name'])).toEqual(
      expect.arrayContaining(['fs.read_file', 'text.word_count']),
    );
    expect(tools.find((tool) => tool['name'] === 'text.word_count')).toMatchObject({
      scope: 'workspace',
      side_effects: 'none',
      risk_level: 'low',
      requires_approval: false,
      constraints: { timeout_seconds: 15, max_retries: 0, output_limit_kb: 1 },
      cost_hint: 'low',
      policy: { path_fields: [{ field: 'path', workspace_relative: true }] },
      observability: { trace_name: 'workspace.tools', span_name: 'text.word_count' },
      input_schema: { required: ['path'], additionalProperties: false },
    });
  });

  it('should count a file, keep a readable record, and audit and count the invocation', async () => {
    const session = await createSession(['.']);
    writeWorkspaceFile(
      session.workspace,
      'docs/guide.md',
      'Hello agents.\nCount these five words\n',
    );

    const response = await wordCount(session.id, { path: 'docs/guide.md' });

    expect(response.status).toBe(200);
    const invocation = response.body['invocation'] as Json;
    expect(invocation).toMatchObject({
      tool_name: 'text.word_count',
      session_id: session.id,
      status: 'succeeded',
      output: {
        path: 'docs/guide.md',
        lines: 2,
        words: 6,
        characters: 37,
        size_bytes: 37,
        truncated: false,
      },
    });
    const record = await request('GET', `/v1/invocations/${invocation['id']}`);
    expect(record.status).toBe(200);
    expect(record.body['invocation']).toMatchObject({ id: invocation['id'], status: 'succeeded' });
    expect(record.body['invocation']['output']).toEqual(invocation['output']);
    expect(auditLineOf(invocation['id'])).toEqual([
      expect.objectContaining({
        tool: 'text.word_count',
        status: 'succeeded',
        actor_id: 'agent-7',
      }),
    ]);
    expect(await metricsText()).toContain(
      'workspace_invocations_total{tool="text.word_count",status="succeeded"} 1',
    );
  });

  it('should refuse invalid args before any record exists, from the declared input schema', async () => {
    const session = await createSession(['.']);

    const response = await wordCount(session.id, { path: 'a.txt', max_bytes: 0 });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: {
        code: 'invalid_argument',
        message: expect.stringMatching(/^invalid args: \/max_bytes /),
        retryable: false,
      },
    });
  });

  it('should deny a path outside allowed_paths in the policy step, recorded, audited and counted', async () => {
    const session = await createSession(['docs']);
    writeWorkspaceFile(session.workspace, 'secrets/plan.txt', 'not for this agent');

    const response = await wordCount(session.id, { path: 'secrets/plan.txt' });

    expect(response.status).toBe(403);
    expect(response.body['error']).toEqual({
      code: 'policy_denied',
      message: 'path outside allowed_paths',
      retryable: false,
    });
    const invocation = response.body['invocation'] as Json;
    expect(invocation).toMatchObject({ tool_name: 'text.word_count', status: 'denied' });
    expect(invocation['output']).toBeUndefined();
    const record = await request('GET', `/v1/invocations/${invocation['id']}`);
    expect(record.body['invocation']).toMatchObject({
      status: 'denied',
      error: { code: 'policy_denied' },
    });
    expect(auditLineOf(invocation['id'])).toEqual([
      expect.objectContaining({
        tool: 'text.word_count',
        status: 'denied',
        error_code: 'policy_denied',
      }),
    ]);
    expect(await metricsText()).toContain(
      'workspace_invocations_denied_total{tool="text.word_count",reason="policy_denied"} 1',
    );
  });

  it('should document the tool on the catalog page only when the module is passed', async () => {
    const withFamily = await generateCatalogDocs({ toolModules: [TextToolsModule] });
    const builtIn = await generateCatalogDocs();

    expect(withFamily).toContain('## `text.word_count`');
    expect(withFamily).toContain(
      '| `text.word_count` | workspace | none | low | no | guaranteed | 15 | 0 | low |',
    );
    expect(builtIn).not.toContain('text.word_count');
  });
});
