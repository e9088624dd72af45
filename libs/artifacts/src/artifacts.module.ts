import { type DynamicModule, Module } from '@nestjs/common';
import { ArtifactStore } from './artifact-store.port.js';
import { LocalArtifactStore } from './local/local-artifact-store.js';

export interface ArtifactsOptions {
  driver: 'local';
  root: string;
}

/** The artifact store behind its port; an object-storage driver can be added beside `local`. */
@Module({})
export class ArtifactsModule {
  static forRoot(options: ArtifactsOptions): DynamicModule {
    return {
      module: ArtifactsModule,
      global: true,
      providers: [{ provide: ArtifactStore, useFactory: () => createStore(options) }],
      exports: [ArtifactStore],
    };
  }
}

function createStore(options: ArtifactsOptions): ArtifactStore {
  switch (options.driver) {
    case 'local':
      return new LocalArtifactStore(options.root);
    default: {
      const unknown: never = options.driver;
      throw new Error(`unknown artifact store driver ${String(unknown)}`);
    }
  }
}
