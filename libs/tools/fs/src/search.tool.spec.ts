import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsSearchTool } from './search.tool.js';
import { createToolWorkspace, appFailureOf, type ToolWorkspace } from '#app/testing';

describe('FsSearchTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsSearchTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
    await mkdir(join(ws.root, 'src'));
    await writeFile(join(ws.root, 'src/a.go'), 'package a\n// TODO: one\nfunc TestA() {}\n');
    await writeFile(join(ws.root, 'src/b.go'), 'package b\n// FIXME two\n');
  });

  afterEach(() => ws.cleanup());

  it('should return matches with 1-based lines, count and echo the pattern', async () => {
    expect(await ws.run(tool, { pattern: 'TODO|FIXME' })).toEqual({
      output: {
        path: '.',
        pattern: 'TODO|FIXME',
        matches: [
          { path: 'src/a.go', line: 2, snippet: '// TODO: one' },
          { path: 'src/b.go', line: 2, snippet: '// FIXME two' },
        ],
        count: 2,
        truncated: false,
      },
    });
  });

  it('should search below the given path and stop at max_results', async () => {
    expect(await ws.run(tool, { path: 'src/', pattern: '^package', max_results: 1 })).toMatchObject(
      {
        output: {
          path: 'src',
          count: 1,
          truncated: true,
          matches: [{ path: 'src/a.go', line: 1 }],
        },
      },
    );
  });

  it('should refuse patterns that need backtracking', async () => {
    expect(await appFailureOf(ws.run(tool, { pattern: '(\\w+)\\s\\1' }))).toEqual({
      code: 'invalid_argument',
      message: 'invalid pattern',
    });
  });
});
