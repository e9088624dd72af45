import type { AppConfig } from '#app/config';
import type { ArtifactsOptions } from './artifacts.module.js';

/** The module options for the configured backend (CONFIG.md 2.2, `ARTIFACT_*`). */
export function artifactsOptionsFrom(config: AppConfig): ArtifactsOptions {
  const { backend, s3 } = config.artifacts;
  switch (backend) {
    case 'local':
      return { driver: 'local', root: config.workspace.artifactRoot };
    case 's3':
      if (s3 === null) {
        throw new Error('artifact store: the s3 configuration is missing');
      }
      return { driver: 's3', ...s3 };
    default: {
      const unknown: never = backend;
      throw new Error(`unknown artifact store backend ${String(unknown)}`);
    }
  }
}
