import { Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { InvocationStore } from './invocation-store.port.js';
import { LimitCounters } from './limit-counters.port.js';
import { MemoryLimitCounters } from './memory/memory-limit-counters.js';
import { MemoryInvocationStore } from './memory/memory-invocation-store.js';
import { MemorySessionStore } from './memory/memory-session-store.js';
import { SessionStore } from './session-store.port.js';
import {
  ConfigurableStoresModule,
  STORES_OPTIONS,
  type StoreBackend,
  type StoresOptions,
} from './stores.module-definition.js';

/**
 * Session and invocation stores behind their ports, chosen by configuration:
 * `StoresModule.forRoot({ session, invocation })` (global by default).
 */
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    {
      provide: SessionStore,
      inject: [STORES_OPTIONS, Clock],
      useFactory: (options: StoresOptions, clock: Clock): SessionStore =>
        select(options.session.backend, {
          memory: () => new MemorySessionStore(clock),
        }),
    },
    {
      provide: InvocationStore,
      inject: [STORES_OPTIONS, Clock],
      useFactory: (options: StoresOptions, clock: Clock): InvocationStore =>
        select(options.invocation.backend, {
          memory: () => new MemoryInvocationStore(clock, options.invocation.ttlSeconds),
        }),
    },
    {
      // Limits live in Valkey when either store does, so they hold across replicas (CONFIG.md 2.3).
      provide: LimitCounters,
      inject: [STORES_OPTIONS],
      useFactory: (options: StoresOptions): LimitCounters =>
        select(limitsBackend(options), {
          memory: () => new MemoryLimitCounters(),
        }),
    },
  ],
  exports: [SessionStore, InvocationStore, LimitCounters, Clock],
})
export class StoresModule extends ConfigurableStoresModule {}

function limitsBackend(options: StoresOptions): StoreBackend {
  return options.session.backend === 'valkey' || options.invocation.backend === 'valkey' ? 'valkey' : 'memory';
}

type Builders<T> = { memory: () => T; valkey?: () => T };

function select<T>(backend: StoreBackend, builders: Builders<T>): T {
  switch (backend) {
    case 'memory':
      return builders.memory();
    case 'valkey':
      if (!builders.valkey) {
        // Issue #3 brings the Valkey adapters; until then refuse to start rather than run on memory.
        throw new Error('valkey stores are not available in this build yet');
      }
      return builders.valkey();
    default: {
      const unknown: never = backend;
      throw new Error(`unknown store backend ${String(unknown)}`);
    }
  }
}
