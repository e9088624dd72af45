import { RepoFindReferencesTool } from './find-references.tool.js';
import { RepoSymbolSearchTool } from './symbol-search.tool.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const SOURCES = {
  'src/config.go': 'package config\n\nfunc ParseConfig(s string) error {\n\treturn nil\n}\n',
  'src/main.go': 'package main\n\nfunc main() {\n\terr := ParseConfig("x")\n\t_ = parseconfig\n}\n',
  'src/util.py': 'def ParseConfigAll():\n    pass\n',
  '.git/config': 'ParseConfig\n',
};

describe('RepoSymbolSearchTool and RepoFindReferencesTool', () => {
  let ws: ToolWorkspace;
  let hidden: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    hidden = await createToolWorkspace({ prefix: 'repo-tools-', hiddenPrograms: ['rg', 'grep'] });
    await ws.write(SOURCES);
    await hidden.write(SOURCES);
  });
  afterAll(async () => {
    await ws.cleanup();
    await hidden.cleanup();
  });

  it('should find fixed-string matches with 1-based columns sorted by path when grep runs', async () => {
    const result = await ws.run(new RepoSymbolSearchTool(), { symbol: 'ParseConfig' });
    expect(result.output).toEqual({
      symbol: 'ParseConfig',
      path: '.',
      matches_count: 3,
      truncated: false,
      matches: [
        {
          path: 'src/config.go',
          line: 3,
          column: 6,
          snippet: 'func ParseConfig(s string) error {',
        },
        { path: 'src/main.go', line: 4, column: 9, snippet: '\terr := ParseConfig("x")' },
        { path: 'src/util.py', line: 1, column: 5, snippet: 'def ParseConfigAll():' },
      ],
      command: [
        'grep',
        '-r',
        '-n',
        '-H',
        '--binary-files=without-match',
        '--exclude-dir=.git',
        '-F',
        '--',
        'ParseConfig',
        '.',
      ],
      exit_code: 0,
    });
    expect(result.logs).toHaveLength(1);
    expect(JSON.parse(artifactTextOf(result, 'symbol-search-results.json') ?? '{}')).toEqual(
      result.output,
    );
  });

  it('should honour whole_word, case and max_results when they are set', async () => {
    const result = await ws.run(new RepoSymbolSearchTool(), {
      symbol: 'parseconfig',
      case_sensitive: false,
      whole_word: true,
      max_results: 2,
    });
    expect(result.output).toMatchObject({
      matches_count: 2,
      truncated: true,
      matches: [{ path: 'src/config.go' }, { path: 'src/main.go', line: 4 }],
    });
  });

  it('should answer exit code 1 with no matches and refuse a pattern RE2 cannot compile', async () => {
    const none = await ws.run(new RepoSymbolSearchTool(), { symbol: 'Nowhere', path: 'src' });
    expect(none.error).toBeUndefined();
    expect(none.output).toMatchObject({ path: 'src', matches_count: 0, exit_code: 1 });
    expect(
      await appFailureOf(ws.run(new RepoSymbolSearchTool(), { symbol: '(a)\\1', use_regex: true })),
    ).toEqual({
      code: 'invalid_argument',
      message: 'invalid regular expression',
    });
  });

  it('should fall back to the built-in search when grep is missing', async () => {
    const result = await hidden.run(new RepoSymbolSearchTool(), {
      symbol: 'Parse\\w+',
      use_regex: true,
    });
    expect(result.output).toMatchObject({
      matches_count: 3,
      exit_code: 0,
      command: ['builtin-search', 'Parse\\w+', '.'],
    });
  });

  (requireProgram('RepoFindReferencesTool with ripgrep', 'rg') ? it : it.skip)(
    'should mark declarations among whole-word references when ripgrep is installed',
    async () => {
      const result = await ws.run(new RepoFindReferencesTool(), { symbol: 'ParseConfig' });
      expect(result.output).toMatchObject({
        references_count: 2,
        declaration_count: 1,
        truncated: false,
        references: [
          { path: 'src/config.go', line: 3, column: 6, is_declaration: true },
          { path: 'src/main.go', line: 4, column: 9, is_declaration: false },
        ],
        exit_code: 0,
      });
      expect((result.output as { command: string[] }).command[0]).toBe('rg');
      expect(JSON.parse(artifactTextOf(result, 'references-summary.json') ?? '{}')).toEqual(
        result.output,
      );
    },
  );

  it('should give the same references through the built-in fallback when ripgrep is missing', async () => {
    const result = await hidden.run(new RepoFindReferencesTool(), {
      symbol: 'ParseConfig',
      include_declarations: false,
      max_results: 5,
    });
    expect(result.output).toMatchObject({
      references_count: 1,
      declaration_count: 1,
      references: [{ path: 'src/main.go', line: 4, column: 9, is_declaration: false }],
      command: ['builtin-search', '\\b(?:ParseConfig)\\b', '.'],
    });
    expect(result.logs).toEqual([]);
  });
});
