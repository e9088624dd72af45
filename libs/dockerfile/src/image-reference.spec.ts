import {
  findSha256Digest,
  imageReferenceProblem,
  imageRefOf,
  parseImageReference,
} from './image-reference.js';
import { lintImageReference } from './image-reference-lint.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    ['alpine', { registry: 'docker.io', repository: 'alpine', tag: '', digest: '' }],
    [
      'library/alpine:3.20',
      { registry: 'docker.io', repository: 'library/alpine', tag: '3.20', digest: '' },
    ],
    [
      'registry:5000/team/app:1.0',
      { registry: 'registry:5000', repository: 'team/app', tag: '1.0', digest: '' },
    ],
    ['localhost/app', { registry: 'localhost', repository: 'app', tag: '', digest: '' }],
    [
      `ghcr.io/acme/app:2@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'acme/app', tag: '2', digest: DIGEST },
    ],
    [
      `quay.io/acme/app@${DIGEST}`,
      { registry: 'quay.io', repository: 'acme/app', tag: '', digest: DIGEST },
    ],
  ])('should split %s into its parts', (reference, parts) => {
    expect(parseImageReference(reference)).toEqual(parts);
  });
});

describe('imageReferenceProblem', () => {
  it.each([
    ['', 'must not be empty'],
    ['a'.repeat(256), 'must be at most 255 characters'],
    ['app :1', 'must not contain whitespace'],
    ['-rm', 'must not start with ":", "@" or "-"'],
    [':tag', 'must not start with ":", "@" or "-"'],
  ])('should refuse %j', (value, problem) => {
    expect(imageReferenceProblem(value)).toBe(problem);
  });

  it('should accept a registry reference with tag and digest', () => {
    expect(imageReferenceProblem(`registry.local:5000/app:1@${DIGEST}`)).toBeUndefined();
  });
});

describe('image reference helpers', () => {
  it('should append the digest to the tag only when the tag has none', () => {
    expect(imageRefOf('app:1', DIGEST)).toBe(`app:1@${DIGEST}`);
    expect(imageRefOf(`app@${DIGEST}`, DIGEST)).toBe(`app@${DIGEST}`);
    expect(imageRefOf('app:1', '')).toBe('app:1');
  });

  it('should find the first sha256 digest in builder output', () => {
    expect(
      findSha256Digest(
        `Writing manifest\n--> ${DIGEST.slice(7)}\nsha256:${'c'.repeat(64)} done ${DIGEST}`,
      ),
    ).toBe(`sha256:${'c'.repeat(64)}`);
    expect(findSha256Digest('no digest here')).toBeUndefined();
  });

  it.each([
    ['app:latest', ['image_ref.latest_tag', 'image_ref.missing_digest']],
    ['app', ['image_ref.missing_tag_or_digest']],
    ['app:1.2', ['image_ref.missing_digest']],
    [`app:1.2@${DIGEST}`, []],
  ])('should lint %s', (reference, ids) => {
    expect(lintImageReference(reference).map((item) => item.id)).toEqual(ids);
  });
});
