import { registryHostOf } from './registry-host.js';

describe('registryHostOf', () => {
  it.each([
    ['localhost:5000/x', 'localhost:5000'],
    ['localhost/x', 'localhost'],
    ['ghcr.io/a/b', 'ghcr.io'],
    ['ghcr.io/a/b:1.2@sha256:abc', 'ghcr.io'],
    ['registry:5000/app', 'registry:5000'],
    ['workspace.local/workspace:session-1', 'workspace.local'],
  ])('should return the first segment when %s names a registry host', (imageRef, host) => {
    expect(registryHostOf(imageRef)).toBe(host);
  });

  it.each(['alpine', 'alpine:3.20', 'library/alpine', 'acme/api:1.0'])(
    'should return docker.io when %s has no registry host',
    (imageRef) => {
      expect(registryHostOf(imageRef)).toBe('docker.io');
    },
  );
});
