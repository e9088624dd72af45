import { FAKE_API_KEY, FAKE_AWS_KEY_ID, RSA_HEADER } from '../testing/fake-secrets.js';
import { findPatternSecrets } from './secret-patterns.js';

describe('findPatternSecrets', () => {
  it('should find the four mandatory patterns, with only the quoted value of an assignment', () => {
    const content = [
      `aws = ${FAKE_AWS_KEY_ID}`,
      RSA_HEADER,
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      `API_KEY: "${FAKE_API_KEY}"`,
      `token = 'short'`,
    ].join('\n');
    const values = findPatternSecrets(content).map((range) =>
      content.slice(range.start, range.end),
    );
    expect(values).toEqual([
      FAKE_AWS_KEY_ID,
      RSA_HEADER,
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      FAKE_API_KEY,
    ]);
  });
});
