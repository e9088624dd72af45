import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { startTestApp, type TestApp } from './support/test-app.js';

// Secret-shaped values assembled at runtime so that no scanner flags this repository itself.
const AWS_KEY_ID = ['AKIA', 'E2ET', 'ESTK', 'EY12', '3456'].join('');
const API_KEY = ['sup3r', 'S3cret', 'Valu3'].join('');

const FIXTURE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop', version: '1.0.0' }),
  'package-lock.json': JSON.stringify({
    name: 'shop',
    lockfileVersion: 3,
    packages: {
      '': { name: 'shop', version: '1.0.0' },
      'node_modules/express': { version: '4.18.2', license: 'MIT' },
      'node_modules/@acme/copyleft': { version: '1.0.0', license: 'AGPL-3.0-only' },
    },
  }),
  'requirements.txt': 'requests==2.31.0\n',
  'src/config.ts': `export const awsKeyId = '${AWS_KEY_ID}';\nexport const apiKey = "${API_KEY}";\n`,
};

describe('supply chain tools (CATALOG.md 20, 21)', () => {
  let t: TestApp;
  let sessionId: string;
  const invoke = (tool: string, args: Record<string, unknown>) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body: { args } });

  beforeAll(async () => {
    t = await startTestApp();
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'orchestrator', roles: ['developer'] } },
    });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id;
    const root: string = created.body.session.workspace_path;
    for (const [path, content] of Object.entries(FIXTURE)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
  });
  afterAll(() => t.close());

  it('should list the dependencies through the canonical tool and the deps.list alias', async () => {
    const canonical = await invoke('security.scan_dependencies', {});
    expect(canonical.status).toBe(200);
    expect(canonical.body.invocation.output).toMatchObject({
      project_type: 'node',
      command: ['lockfile', 'package-lock.json', 'requirements.txt'],
      dependencies_count: 3,
      dependencies: [
        { name: '@acme/copyleft', version: '1.0.0', ecosystem: 'npm', license: 'AGPL-3.0-only' },
        { name: 'express', version: '4.18.2', ecosystem: 'npm', license: 'MIT' },
        { name: 'requests', version: '2.31.0', ecosystem: 'pypi', license: 'unknown' },
      ],
      truncated: false,
    });
    const alias = await invoke('deps.list', { max_dependencies: 1 });
    expect(alias.status).toBe(200);
    expect(alias.body.invocation.tool_name).toBe('deps.list');
    expect(alias.body.invocation.output).toMatchObject({ dependencies_count: 3, truncated: true });
  });

  it('should store an SBOM artifact that downloads as CycloneDX JSON', async () => {
    const response = await invoke('sbom.generate', {});
    expect(response.status).toBe(200);
    const invocation = response.body.invocation;
    expect(invocation.output).toMatchObject({
      components_count: 3,
      artifact_name: 'sbom.cdx.json',
    });
    const artifact = invocation.artifacts.find(
      (entry: { name: string }) => entry.name === 'sbom.cdx.json',
    );
    expect(artifact.download_path).toBe(
      `/v1/invocations/${invocation.id}/artifacts/${artifact.id}`,
    );
    const raw = await t.request('GET', `/v1/invocations/${invocation.id}/artifacts/${artifact.id}`);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('application/vnd.cyclonedx+json');
    const bom = JSON.parse(raw.text);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1 });
    expect(bom.components.map((component: { purl: string }) => component.purl)).toEqual([
      'pkg:npm/%40acme/copyleft@1.0.0',
      'pkg:npm/express@4.18.2',
      'pkg:pypi/requests@2.31.0',
    ]);
  });

  it('should give a license verdict through license.check', async () => {
    const response = await invoke('license.check', { denied_licenses: ['AGPL-3.0-only'] });
    expect(response.status).toBe(200);
    expect(response.body.invocation.tool_name).toBe('license.check');
    expect(response.body.invocation.output).toMatchObject({
      status: 'fail',
      denied_count: 1,
      unknown_count: 1,
      violations: [{ name: '@acme/copyleft', reason: 'matched denied license: AGPL-3.0-ONLY' }],
      exit_code: 1,
    });
  });

  it('should report secrets masked everywhere: response, artifacts and service logs', async () => {
    const response = await invoke('secrets.scan', {});
    expect(response.status).toBe(200);
    const invocation = response.body.invocation;
    expect(invocation.output).toMatchObject({
      scanner: 'secretlint',
      findings_count: 2,
      findings: [
        { path: 'src/config.ts', line: 1, snippet: "export const awsKeyId = 'AKIA****';" },
        { path: 'src/config.ts', line: 2, snippet: 'export const apiKey = "sup3****";' },
      ],
    });
    const downloads = await Promise.all(
      invocation.artifacts.map((entry: { download_path: string }) =>
        t.request('GET', entry.download_path),
      ),
    );
    const record = await t.request('GET', `/v1/invocations/${invocation.id}`);
    const seen = [
      response.text,
      record.text,
      ...downloads.map((download) => download.text),
      JSON.stringify(t.logs),
    ].join('\n');
    expect(t.logs.some((line) => JSON.stringify(line).includes('secrets.scan'))).toBe(true);
    expect(seen).toContain('AKIA****');
    expect(seen).not.toContain(AWS_KEY_ID);
    expect(seen).not.toContain(API_KEY);
  });
});
