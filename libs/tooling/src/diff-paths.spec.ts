import { parseDiff } from './diff-paths.js';
import { parseNumstat } from './patch-targets.js';

describe('parseDiff (as git apply -p1 reads a diff)', () => {
  it('should strip one component from classic ---/+++ names whatever the prefix', () => {
    expect(parseDiff('--- dir/x\n+++ dir/x\n@@ -1 +1 @@\n-a\n+b\n').paths).toEqual(['x', 'x']);
    expect(parseDiff('--- x\n+++ x\n@@ -1 +1 @@\n-a\n+b\n').paths).toEqual(['x', 'x']);
    expect(parseDiff('--- a//x/y\n+++ b//x/y\n@@ -1 +1 @@\n-a\n+b\n').paths).toEqual([
      'x/y',
      'x/y',
    ]);
  });

  it('should read names that appear only in a diff --git line', () => {
    const plan = parseDiff(
      'diff --git a/README.md b/README.md\nold mode 100644\nnew mode 100755\n',
    );
    expect(plan.paths).toEqual(['README.md', 'README.md']);
  });

  it('should keep every split of an unquoted diff --git line whose names disagree', () => {
    const plan = parseDiff('diff --git a/my file b/new name\n');
    expect(plan.paths).toEqual(
      expect.arrayContaining(['my', 'new name', 'my file', 'my file b/new', 'name']),
    );
  });

  it('should refuse a climbing name hidden in a diff --git split', () => {
    expect(() => parseDiff('diff --git a/x b/../../etc/x\nnew file mode 100644\n')).toThrow(
      'invalid diff path: ../../etc/x',
    );
  });

  it('should unquote C-style names with octal and quote escapes', () => {
    const plan = parseDiff(
      'diff --git "a/\\303\\251" "b/x\\"y"\n--- "a/\\303\\251"\n+++ "b/x\\"y"\n@@ -1 +1 @@\n-a\n+b\n',
    );
    expect(plan.paths).toEqual(['é', 'x"y', 'é', 'x"y']);
  });

  it('should take rename and copy names unstripped and record sources', () => {
    const plan = parseDiff(
      'diff --git a/d/old b/d/new\nsimilarity index 100%\nrename from d/old\nrename to d/new\n' +
        'diff --git a/s b/c\nsimilarity index 100%\ncopy from s\ncopy to c\n',
    );
    expect(plan.paths).toEqual(['d/old', 'd/new', 'd/old', 'd/new', 's', 'c', 's', 'c']);
    expect(plan.sources).toEqual(['d/old', 's']);
    expect(plan.renameSources).toEqual(['d/old']);
  });

  it('should record created symlinks with their text, unknown text as null, and deletions', () => {
    const link =
      'diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+../x\n\\ No newline at end of file\n';
    const modeOnly = 'diff --git a/m b/m\nold mode 100644\nnew mode 120000\n';
    const indexMode =
      'diff --git a/i b/i\nindex 1111111..2222222 120000\n--- a/i\n+++ b/i\n@@ -1 +1 @@\n-old\n+/etc\n';
    const gone =
      'diff --git a/g b/g\ndeleted file mode 120000\n--- a/g\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n';
    const plan = parseDiff(`${link}${modeOnly}${indexMode}${gone}`);
    expect(plan.symlinks).toEqual([
      { path: 'l', target: '../x' },
      { path: 'm', target: null },
      { path: 'i', target: '/etc' },
    ]);
    expect(plan.deleted).toEqual(['g']);
  });

  it('should refuse absolute, dot and climbing names as written', () => {
    for (const name of ['/etc/passwd', '.', 'x/../../y', '../x']) {
      expect(() => parseDiff(`--- ${name}\n+++ ${name}\n`)).toThrow(`invalid diff path: ${name}`);
    }
    expect(() => parseDiff('--- a/../x\n+++ b/../x\n')).toThrow('invalid diff path: ../x');
    expect(() => parseDiff('rename from x\nrename to ../y\n')).toThrow(
      'diff contains no file paths',
    );
  });
});

describe('parseNumstat', () => {
  it('should read plain and rename records and refuse anything else', () => {
    expect(parseNumstat('1\t0\ta b\0-\t-\tbin\0')).toEqual(['a b', 'bin']);
    expect(parseNumstat('0\t0\t\0old\0new\0')).toEqual(['old', 'new']);
    expect(parseNumstat('warning: x\n1\t0\ta\0')).toBeNull();
    expect(parseNumstat('1\t0\ta')).toBeNull();
    expect(parseNumstat('1\t0\t\uFFFD\0')).toBeNull();
    expect(parseNumstat('')).toEqual([]);
  });
});
