import { createToolWorkspace, type ToolWorkspace } from '#app/testing';
import { GO_MOD, GO_SUM } from './testing/fixture-repositories.js';
import { SbomGenerateTool } from './sbom-generate.tool.js';

describe('SbomGenerateTool', () => {
  let ws: ToolWorkspace;
  const tool = new SbomGenerateTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'security-tools-' });
    await ws.write({ 'go.mod': GO_MOD, 'go.sum': GO_SUM });
  });
  afterEach(() => ws.cleanup());

  it('should attach the CycloneDX document and preview its components', async () => {
    const result = await ws.run(tool, { max_components: 2 });
    expect(result.output).toMatchObject({
      format: 'cyclonedx-json',
      generator: 'workspace.sbom.generate/v1',
      project_type: 'go',
      components_count: 2,
      components: [
        {
          type: 'library',
          name: 'github.com/google/uuid',
          version: '1.4.0',
          purl: 'pkg:golang/github.com/google/uuid@v1.4.0',
        },
        {
          type: 'library',
          name: 'github.com/pkg/errors',
          version: '0.9.1',
          purl: 'pkg:golang/github.com/pkg/errors@v0.9.1',
        },
      ],
      truncated: true,
      artifact_name: 'sbom.cdx.json',
      command: ['lockfile', 'go.mod', 'go.sum'],
      exit_code: 0,
    });
    const [sbom, text] = result.artifacts ?? [];
    expect(sbom?.name).toBe('sbom.cdx.json');
    expect(sbom?.content_type).toBe('application/vnd.cyclonedx+json');
    const document = JSON.parse(sbom?.data.toString('utf8') ?? '') as {
      components: unknown[];
      specVersion: string;
    };
    expect(document.specVersion).toBe('1.5');
    expect(document.components).toHaveLength(2);
    expect(text?.name).toBe('sbom-generate-output.txt');
  });
});
