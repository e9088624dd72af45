import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ValkeyConnectionOptions } from './valkey/valkey-connection.js';

export type StoreBackend = 'memory' | 'valkey';

export interface StoreOptions {
  backend: StoreBackend;
  /** Valkey key prefix (`<prefix>:<id>`); unused by the memory backend. */
  keyPrefix: string;
  /** Record lifetime in seconds, 0 = none (CONFIG.md 2.3). */
  ttlSeconds: number;
}

export interface StoresOptions {
  session: StoreOptions;
  invocation: StoreOptions;
  /**
   * The one Valkey connection shared by both stores and the limit counters; required when either
   * store is `valkey` (`AppConfig.stores.valkey`), ignored otherwise.
   */
  valkey?: ValkeyConnectionOptions | null;
  /**
   * Named by running invocation records in Valkey and by this replica's heartbeat key
   * (`AppConfig.stores.replicaId`); default `<host name>-<pid>`. Unused by the memory store.
   */
  replicaId?: string;
  /**
   * How long an approval request is kept after its `expires_at` (API.md 7.3): the approval TTL
   * (`AppConfig.approvals.ttlSeconds`); default 900.
   */
  approvalRetentionSeconds?: number;
}

export const {
  ConfigurableModuleClass: ConfigurableStoresModule,
  MODULE_OPTIONS_TOKEN: STORES_OPTIONS,
} = new ConfigurableModuleBuilder<StoresOptions>({ moduleName: 'Stores' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
