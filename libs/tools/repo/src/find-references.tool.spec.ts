import { RepoFindReferencesTool } from './find-references.tool.js';
import { NODE_PROJECT } from './testing/repo-fixtures.js';
import {
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasRg = requireProgram('RepoFindReferencesTool with ripgrep', 'rg');

const REFERENCES = [
  {
    path: 'src/config.js',
    line: 1,
    column: 10,
    snippet: 'function parseConfig(text) {',
    is_declaration: false,
  },
  {
    path: 'src/config.js',
    line: 4,
    column: 15,
    snippet: 'const value = parseConfig("{}");',
    is_declaration: false,
  },
  {
    path: 'src/config.js',
    line: 5,
    column: 20,
    snippet: 'module.exports = { parseConfig, value };',
    is_declaration: false,
  },
];

describe('RepoFindReferencesTool', () => {
  let ws: ToolWorkspace;
  let withoutRg: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    withoutRg = await createToolWorkspace({ prefix: 'repo-tools-', hiddenPrograms: ['rg'] });
    await ws.write(NODE_PROJECT);
    await withoutRg.write(NODE_PROJECT);
  });
  afterAll(async () => {
    await ws.cleanup();
    await withoutRg.cleanup();
  });

  (hasRg ? it : it.skip)(
    'should run ripgrep and report its argv, the references and the JSON report when rg is installed',
    async () => {
      const result = await ws.run(new RepoFindReferencesTool(), {
        symbol: 'parseConfig',
        path: 'src',
      });
      expect(result.error).toBeUndefined();
      expect(result.output).toMatchObject({
        symbol: 'parseConfig',
        path: 'src',
        references_count: 3,
        declaration_count: 0,
        truncated: false,
        references: REFERENCES,
        exit_code: 0,
      });
      expect((result.output as { command: string[] }).command[0]).toBe('rg');
      expect(result.logs).toHaveLength(1);
      expect(JSON.parse(artifactTextOf(result, 'references-summary.json') ?? '{}')).toEqual(
        result.output,
      );
    },
  );

  it('should find the same references with the built-in search and no logs when rg is missing', async () => {
    const result = await withoutRg.run(new RepoFindReferencesTool(), {
      symbol: 'parseConfig',
      path: 'src',
    });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      references_count: 3,
      references: REFERENCES,
      command: ['builtin-search', '\\b(?:parseConfig)\\b', 'src'],
      exit_code: 0,
    });
    expect(result.logs).toEqual([]);
  });

  it('should cut the list at max_references and mark it truncated when more references exist', async () => {
    const result = await withoutRg.run(new RepoFindReferencesTool(), {
      symbol: 'PARSECONFIG',
      case_sensitive: false,
      max_references: 1,
    });
    expect(result.output).toMatchObject({
      references_count: 1,
      truncated: true,
      references: [{ path: 'src/config.js', line: 1 }],
    });
  });

  it('should cut the list at max_results when only that older name is given', async () => {
    const result = await withoutRg.run(new RepoFindReferencesTool(), {
      symbol: 'PARSECONFIG',
      case_sensitive: false,
      max_results: 1,
    });
    expect(result.output).toMatchObject({ references_count: 1, truncated: true });
  });

  it('should prefer max_references over max_results when both are given', async () => {
    const result = await withoutRg.run(new RepoFindReferencesTool(), {
      symbol: 'PARSECONFIG',
      case_sensitive: false,
      max_references: 2,
      max_results: 1,
    });
    expect(result.output).toMatchObject({ references_count: 2, truncated: true });
  });

  it('should count a const declaration but leave it out of the references when include_declarations is false', async () => {
    const result = await withoutRg.run(new RepoFindReferencesTool(), {
      symbol: 'value',
      path: 'src/config.js',
      include_declarations: false,
    });
    expect(result.output).toMatchObject({
      path: 'src/config.js',
      references_count: 1,
      declaration_count: 1,
      references: [{ path: 'src/config.js', line: 5, is_declaration: false }],
    });
  });
});
