import { ConfigurableModuleBuilder } from '@nestjs/common';

export type StoreBackend = 'memory' | 'valkey';

export interface StoresOptions {
  session: { backend: StoreBackend; keyPrefix: string; ttlSeconds: number };
  invocation: { backend: StoreBackend; keyPrefix: string; ttlSeconds: number };
}

export const {
  ConfigurableModuleClass: ConfigurableStoresModule,
  MODULE_OPTIONS_TOKEN: STORES_OPTIONS,
} = new ConfigurableModuleBuilder<StoresOptions>({ moduleName: 'Stores' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
