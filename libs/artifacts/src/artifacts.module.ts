import { type DynamicModule, Module } from '@nestjs/common';
import { ArtifactStore } from './artifact-store.port.js';
import { LocalArtifactStore } from './local/local-artifact-store.js';
import { S3ArtifactStore } from './s3/s3-artifact-store.js';
import type { S3ArtifactStoreOptions } from './s3/s3-client.js';

/**
 * Which store keeps artifact bytes (`ARTIFACT_STORE_BACKEND`): files under `root`, or objects in an
 * S3 bucket (docs/STORES.md).
 */
export type ArtifactsOptions =
  { driver: 'local'; root: string } | ({ driver: 's3' } & S3ArtifactStoreOptions);

/** The artifact store behind its port, chosen by {@link ArtifactsOptions.driver}. */
@Module({})
export class ArtifactsModule {
  /**
   * @throws Error `artifact store unreachable: <reason>` while the app is created, when the S3
   * bucket does not answer a HeadBucket within 5 s (main prints `startup failed: …`).
   */
  static forRoot(options: ArtifactsOptions): DynamicModule {
    return {
      module: ArtifactsModule,
      global: true,
      providers: [{ provide: ArtifactStore, useFactory: () => createStore(options) }],
      exports: [ArtifactStore],
    };
  }
}

async function createStore(options: ArtifactsOptions): Promise<ArtifactStore> {
  switch (options.driver) {
    case 'local':
      return new LocalArtifactStore(options.root);
    case 's3': {
      const { driver: _driver, ...s3 } = options;
      return S3ArtifactStore.connect(s3);
    }
    default: {
      const unknown: never = options;
      throw new Error(
        `unknown artifact store driver ${String((unknown as { driver: unknown }).driver)}`,
      );
    }
  }
}
