import {
  detectChangeFormat,
  parseNameStatus,
  parsePorcelain,
  unquotePath,
} from './changed-files.parser.js';

describe('changed files parsing', () => {
  it('should classify porcelain entries with their flags when given git status output', () => {
    const text =
      ' M src/a.ts\nM  staged.ts\nA  new.ts\n D gone.ts\nR  old.ts -> renamed.ts\nUU both.ts\nAA twice.ts\n?? untracked.txt\n!! ignored.log\n';
    const files = parsePorcelain(text);
    expect(files.map((file) => [file.path, file.status])).toEqual([
      ['src/a.ts', 'modified'],
      ['staged.ts', 'modified'],
      ['new.ts', 'added'],
      ['gone.ts', 'deleted'],
      ['renamed.ts', 'renamed'],
      ['both.ts', 'conflict'],
      ['twice.ts', 'conflict'],
      ['untracked.txt', 'untracked'],
    ]);
    expect(files[0]).toEqual({
      path: 'src/a.ts',
      status: 'modified',
      index_status: ' ',
      worktree_status: 'M',
      staged: false,
      unstaged: true,
      untracked: false,
      deleted: false,
    });
    expect(files[4]).toMatchObject({ renamed_from: 'old.ts', staged: true, unstaged: false });
    expect(files[7]).toMatchObject({ untracked: true, staged: false, unstaged: false });
  });

  it('should read name-status lines with an empty worktree column when given git diff output', () => {
    const text = 'M\tsrc/a.ts\nR087\told.ts\tnew.ts\nC100\tx.ts\tcopy.ts\nD\tgone.ts\n';
    expect(detectChangeFormat(text)).toBe('name_status');
    expect(parseNameStatus(text)).toEqual([
      expect.objectContaining({
        path: 'src/a.ts',
        status: 'modified',
        index_status: 'M',
        worktree_status: '',
        staged: true,
        unstaged: false,
      }),
      expect.objectContaining({ path: 'new.ts', status: 'renamed', renamed_from: 'old.ts' }),
      expect.objectContaining({ path: 'copy.ts', status: 'copied', renamed_from: 'x.ts' }),
      expect.objectContaining({ path: 'gone.ts', status: 'deleted', deleted: true }),
    ]);
    expect(detectChangeFormat(' M a\n?? b\n')).toBe('porcelain');
  });

  it('should undo git C-style quoting when a path has special characters', () => {
    expect(unquotePath('"a\\tb \\"c\\".txt"')).toBe('a\tb "c".txt');
    expect(unquotePath('"caf\\303\\251.txt"')).toBe('café.txt');
    expect(unquotePath('plain.txt')).toBe('plain.txt');
  });
});
