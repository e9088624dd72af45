import { AppConfig, loadAppConfig } from '#app/config';
import { artifactsOptionsFrom } from './artifacts-options.js';

describe('artifactsOptionsFrom', () => {
  it('should give the local store its root when the backend is local', () => {
    const config = loadAppConfig({ ARTIFACT_ROOT: '/srv/artifacts' });

    expect(artifactsOptionsFrom(config)).toEqual({ driver: 'local', root: '/srv/artifacts' });
  });

  it('should give the s3 store its bucket settings and nothing else when the backend is s3', () => {
    const config = loadAppConfig({
      ARTIFACT_STORE_BACKEND: 's3',
      ARTIFACT_S3_BUCKET: 'wes-art',
      ARTIFACT_S3_ENDPOINT: 'http://127.0.0.1:9000',
      ARTIFACT_S3_FORCE_PATH_STYLE: 'true',
    });

    expect(artifactsOptionsFrom(config)).toEqual({
      driver: 's3',
      bucket: 'wes-art',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      prefix: 'workspace/',
    });
  });

  it('should stop the start when the s3 backend has no s3 settings', () => {
    const loaded = loadAppConfig({ ARTIFACT_STORE_BACKEND: 's3', ARTIFACT_S3_BUCKET: 'b-1' });
    const config = new AppConfig({
      ...loaded,
      artifacts: { backend: 's3', inlineMaxBytes: 65536, s3: null },
    });

    expect(() => artifactsOptionsFrom(config)).toThrow(
      'artifact store: the s3 configuration is missing',
    );
  });
});
