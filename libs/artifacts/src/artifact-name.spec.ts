import {
  contentDispositionFor,
  displayArtifactName,
  sanitiseArtifactName,
  servedContentType,
} from './artifact-name.js';

describe('sanitiseArtifactName', () => {
  it.each([
    ['  report.json  ', 'report.json'],
    ['dir/sub/out.txt', 'out.txt'],
    ['C:\\Users\\x\\log.txt', 'log.txt'],
    ['..', 'artifact.bin'],
    ['a..b', 'ab'],
    ['tab\there\u0007.txt', 'tabhere.txt'],
    ['', 'artifact.bin'],
    ['dir/', 'artifact.bin'],
  ])('should turn %j into %j', (input, expected) => {
    expect(sanitiseArtifactName(input)).toBe(expected);
  });

  it('should cut names to 200 characters', () => {
    expect(sanitiseArtifactName('x'.repeat(250))).toHaveLength(200);
  });
});

describe('sanitiseArtifactName length', () => {
  it('should keep stored names within 200 UTF-8 bytes without splitting characters', () => {
    const name = sanitiseArtifactName('é'.repeat(300));
    expect(Buffer.byteLength(name, 'utf8')).toBe(200);
    expect(name).toBe('é'.repeat(100));
    expect(sanitiseArtifactName('a'.repeat(300))).toHaveLength(200);
  });
});

describe('unsafe characters in artifact names (issue 11 finding 17)', () => {
  it.each([
    ['invoice\u202Etxt.exe', 'invoicetxt.exe'],
    ['\u2066a\u2069\u200E\u200F\u061C.txt', 'a.txt'],
    ['a\r\nb.txt', 'ab.txt'],
    ['a\u0085\u009Fb\u2028\u2029.txt', 'ab.txt'],
    ['.\u0007.', 'artifact.bin'],
    ['报告 🚀.txt', '报告 🚀.txt'],
    ['say "hi".txt', 'say "hi".txt'],
  ])('should turn %j into %j', (input, expected) => {
    expect(sanitiseArtifactName(input)).toBe(expected);
  });

  it('should filter names read back from disk the same way when they are displayed', () => {
    expect(displayArtifactName('old\u202Ename')).toBe('oldname');
    expect(displayArtifactName('\u202E')).toBe('artifact.bin');
  });
});

describe('contentDispositionFor', () => {
  it.each([
    ['report.json', `attachment; filename="report.json"; filename*=UTF-8''report.json`],
    ['报告.txt', `attachment; filename="__.txt"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.txt`],
    [
      'a "b" \\ 100%.txt',
      `attachment; filename="a _b_ _ 100_.txt"; filename*=UTF-8''a%20%22b%22%20%5C%20100%25.txt`,
    ],
    [
      "it's (1)*.txt",
      `attachment; filename="it's (1)*.txt"; filename*=UTF-8''it%27s%20%281%29%2A.txt`,
    ],
    ['🚀\u202E\r\n.txt', `attachment; filename="_.txt"; filename*=UTF-8''%F0%9F%9A%80.txt`],
  ])('should write %j as an ASCII fallback plus an RFC 8187 value', (name, expected) => {
    expect(contentDispositionFor(name)).toBe(expected);
  });
});

describe('servedContentType', () => {
  it.each([
    'application/json',
    'text/plain; charset=utf-8',
    'multipart/mixed; boundary="a b"',
    'application/vnd.x+json',
  ])('should keep %j', (value) => {
    expect(servedContentType(value)).toBe(value);
  });

  it.each(['', 'text', 'text/plain\r\nX: 1', 'text/plainé', 'text/plain; charset', 'a b/c'])(
    'should replace %j with application/octet-stream',
    (value) => {
      expect(servedContentType(value)).toBe('application/octet-stream');
    },
  );
});
