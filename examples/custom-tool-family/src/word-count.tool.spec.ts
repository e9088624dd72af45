import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appFailureOf, createToolWorkspace, type ToolWorkspace } from '#app/testing';
import { countText, TextWordCountTool } from './word-count.tool.js';

describe('TextWordCountTool', () => {
  let ws: ToolWorkspace;
  const tool = new TextWordCountTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'text-tools-' });
  });

  afterEach(() => ws.cleanup());

  it('should count lines, words and characters of a workspace file', async () => {
    await ws.write({ 'docs/notes.md': '# Notes\n\nSome words here.\nÜber café\n' });

    const result = await ws.run(tool, { path: 'docs/notes.md' }, { toolName: 'text.word_count' });

    expect(result).toEqual({
      output: {
        path: 'docs/notes.md',
        lines: 4,
        words: 7,
        characters: 36,
        size_bytes: 38,
        truncated: false,
      },
    });
  });

  it('should count only max_bytes and never half a character when the cut splits one', async () => {
    await ws.write({ 'a.txt': 'ab é cd' });

    const { output } = await ws.run(tool, { path: 'a.txt', max_bytes: 4 });

    // 'ab ' plus the first byte of 'é': the cut character is left out, not counted as garbage.
    expect(output).toEqual({
      path: 'a.txt',
      lines: 1,
      words: 1,
      characters: 3,
      size_bytes: 8,
      truncated: true,
    });
  });

  it('should answer a tool error when the file is not UTF-8 text', async () => {
    await writeFile(join(ws.root, 'image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]));

    const result = await ws.run(tool, { path: 'image.bin' });

    expect(result).toEqual({
      error: { code: 'invalid_argument', message: 'file is not UTF-8 text: image.bin' },
    });
  });

  it('should refuse a path outside the workspace through the runtime port', async () => {
    await expect(ws.run(tool, { path: '../outside.txt' })).rejects.toMatchObject({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
  });

  it('should refuse args the schema rejects before the handler runs, as the pipeline does', async () => {
    expect(await appFailureOf(ws.run(tool, { path: 'a.txt', max_bytes: 0 }))).toEqual({
      code: 'invalid_argument',
      message: 'invalid args: /max_bytes must be >= 1',
    });
    expect(await appFailureOf(ws.run(tool, {}))).toEqual({
      code: 'invalid_argument',
      message: 'invalid args: /path is required',
    });
  });

  it('should report not_found when the file does not exist', async () => {
    await expect(ws.run(tool, { path: 'missing.txt' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('countText', () => {
  it.each([
    ['', { lines: 0, words: 0, characters: 0 }],
    ['one', { lines: 1, words: 1, characters: 3 }],
    ['one\n', { lines: 1, words: 1, characters: 4 }],
    ['a b\n\nc', { lines: 3, words: 3, characters: 6 }],
    ['  tabs\tand\r\nspaces  ', { lines: 2, words: 3, characters: 20 }],
    ['😀 x', { lines: 1, words: 2, characters: 3 }],
  ])('should count %j like wc with a final unterminated line', (text, expected) => {
    expect(countText(text)).toEqual(expected);
  });
});
