import { createToolWorkspace, type ToolWorkspace } from '#app/testing';
import { FAKE_API_KEY, FAKE_AWS_KEY_ID } from './testing/fake-secrets.js';
import { SecurityScanSecretsTool } from './scan-secrets.tool.js';

describe('SecurityScanSecretsTool', () => {
  let ws: ToolWorkspace;
  const tool = new SecurityScanSecretsTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'security-tools-' });
  });
  afterEach(() => ws.cleanup());

  it('should return masked findings, output and artifact without the raw values', async () => {
    await ws.write({
      'app/settings.py': `AWS_ID = "${FAKE_AWS_KEY_ID}"\nsecret = '${FAKE_API_KEY}'\n`,
    });
    const result = await ws.run(tool, { path: 'app' });
    expect(result.output).toMatchObject({
      scanner: 'secretlint',
      command: ['secretlint', '--preset', 'recommend', 'app'],
      findings_count: 2,
      findings: [
        { path: 'app/settings.py', line: 1, snippet: 'AWS_ID = "AKIA****"' },
        { path: 'app/settings.py', line: 2, snippet: "secret = 's3cr****'" },
      ],
      truncated: false,
      output: `app/settings.py:1:AWS_ID = "AKIA****"\napp/settings.py:2:secret = 's3cr****'`,
      exit_code: 0,
      summary: '2 findings in 1 files',
    });
    const everything =
      JSON.stringify(result.output) + (result.artifacts?.[0]?.data.toString('utf8') ?? '');
    expect(everything).not.toContain(FAKE_AWS_KEY_ID);
    expect(everything).not.toContain(FAKE_API_KEY);
    expect(result.artifacts?.[0]?.name).toBe('secrets-scan-output.txt');
    expect(result.logs).toBeUndefined();
  });

  it('should report no findings as success', async () => {
    await ws.write({ 'README.md': 'hello\n' });
    expect((await ws.run(tool)).output).toMatchObject({
      findings_count: 0,
      findings: [],
      output: '',
      exit_code: 0,
    });
  });
});
