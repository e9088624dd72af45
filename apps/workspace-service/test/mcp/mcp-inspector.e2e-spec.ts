import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
  type ServiceProcess,
  spawnService,
  waitReady,
} from '../support/service-process.js';
import { gatewayHeaders, TOKEN } from './mcp-client.js';

const run = promisify(execFile);
/** The Inspector's launcher (`npx @modelcontextprotocol/inspector`), run in its `--cli` mode. */
const INSPECTOR = resolve('node_modules/@modelcontextprotocol/inspector/cli/build/cli.js');
const alice = gatewayHeaders('alice');

// API.md 5.24 against the built service process, driven by the MCP Inspector's CLI mode.
describe('MCP endpoint with the MCP Inspector CLI (built service)', () => {
  let root: string;
  let service: ServiceProcess;
  let base: string;
  let sessionId: string;

  const inspector = async (...args: string[]): Promise<Record<string, unknown>> => {
    const headers = Object.entries(alice).flatMap(([name, value]) => [
      '--header',
      `${name}: ${value}`,
    ]);
    const { stdout } = await run(
      process.execPath,
      [
        INSPECTOR,
        '--cli',
        `${base}/v1/sessions/${sessionId}/mcp`,
        '--transport',
        'http',
        ...headers,
        ...args,
      ],
      {
        timeout: 60_000,
        // The launcher starts the CLI with `node`: make it the Node running this test.
        env: {
          ...process.env,
          PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH']}`,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-mcp-inspector-'));
    const port = await freePort();
    service = spawnService(
      {
        WORKSPACE_ROOT: join(root, 'w'),
        ARTIFACT_ROOT: join(root, 'a'),
        WORKSPACE_AUTH_MODE: 'trusted_headers',
        WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
        WORKSPACE_LOCAL_SANDBOX: 'off',
        WORKSPACE_ALLOW_UNSANDBOXED: 'true',
      },
      port,
    );
    await waitReady(port);
    base = `http://127.0.0.1:${port}`;
    const created = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      headers: alice,
      body: '{}',
    });
    sessionId = ((await created.json()) as { session: { id: string } }).session.id;
    const written = await fetch(`${base}/v1/sessions/${sessionId}/tools/fs.write_file/invoke`, {
      method: 'POST',
      headers: alice,
      body: JSON.stringify({ approved: true, args: { path: 'notes/hello.txt', content: 'hola' } }),
    });
    expect(written.status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    service.child.kill('SIGTERM');
    await service.exited;
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('should list the same tools as REST', async () => {
    const listed = await inspector('--method', 'tools/list');
    const rest = (await (
      await fetch(`${base}/v1/sessions/${sessionId}/tools`, { headers: alice })
    ).json()) as { tools: Array<{ name: string }> };
    const tools = listed['tools'] as Array<{ name: string; annotations: unknown }>;
    expect(tools.map((tool) => tool.name)).toEqual(rest.tools.map((tool) => tool.name));
    expect(tools.find((tool) => tool.name === 'fs.read_file')?.annotations).toMatchObject({
      readOnlyHint: true,
    });
  }, 90_000);

  it('should call fs.read_file and leave a record readable over REST', async () => {
    const result = await inspector(
      '--method',
      'tools/call',
      '--tool-name',
      'fs.read_file',
      '--tool-arg',
      'path=notes/hello.txt',
    );
    expect(result['isError']).toBeFalsy();
    expect(result['structuredContent']).toMatchObject({ content: 'hola' });
    const invocationId = (result['_meta'] as Record<string, string>)['workspace/invocation_id'];
    const record = await fetch(`${base}/v1/invocations/${invocationId}`, { headers: alice });
    expect(record.status).toBe(200);
    expect(
      ((await record.json()) as { invocation: { tool_name: string; status: string } }).invocation,
    ).toMatchObject({ tool_name: 'fs.read_file', status: 'succeeded' });
    // The audit line of the MCP call is on the service's stdout, like any invocation's.
    const audit = service
      .stdout()
      .split('\n')
      .find((line) => line.includes('audit.tool_invocation') && line.includes(invocationId));
    expect(audit).toBeDefined();
  }, 90_000);

  it('should answer a tool error with the stable code for a foreign path', async () => {
    const result = await inspector(
      '--method',
      'tools/call',
      '--tool-name',
      'fs.read_file',
      '--tool-arg',
      'path=../../etc/passwd',
    );
    expect(result['isError']).toBe(true);
    const code = (result['_meta'] as Record<string, string>)['workspace/error_code'];
    expect(code).toBe('policy_denied');
    expect(JSON.parse((result['content'] as Array<{ text: string }>)[0].text)).toMatchObject({
      error: { code: 'policy_denied', retryable: false },
    });
  }, 90_000);
});
