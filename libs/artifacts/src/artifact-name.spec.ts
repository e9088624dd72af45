import { sanitiseArtifactName } from './artifact-name.js';

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
