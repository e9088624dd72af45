import { REQUIREMENTS_TXT } from '../testing/fixture-repositories.js';
import { parseRequirementsTxt } from './requirements-txt.parser.js';

describe('parseRequirementsTxt', () => {
  it('should keep only pinned lines, with extras, markers and hashes removed', () => {
    expect(parseRequirementsTxt(REQUIREMENTS_TXT)).toEqual([
      { ecosystem: 'pypi', name: 'requests', version: '2.31.0', license: 'unknown' },
      { ecosystem: 'pypi', name: 'Django', version: '4.2.7', license: 'unknown' },
      { ecosystem: 'pypi', name: 'urllib3', version: '2.0.7', license: 'unknown' },
    ]);
  });

  it('should return nothing when no line is pinned', () => {
    expect(parseRequirementsTxt('flask\nnumpy>=1.0\n')).toEqual([]);
  });
});
