import { Module } from '@nestjs/common';
import { ApprovalStore } from './approval-store.port.js';
import { CancelBus } from './cancel-bus.port.js';
import { Clock, SystemClock } from './clock.js';
import { InvocationEvents } from './invocation-events.port.js';
import { InvocationStore } from './invocation-store.port.js';
import { LimitCounters } from './limit-counters.port.js';
import { MemoryApprovalStore } from './memory/memory-approval-store.js';
import { MemoryCancelBus } from './memory/memory-cancel-bus.js';
import { MemoryLimitCounters } from './memory/memory-limit-counters.js';
import { MemoryInvocationEvents } from './memory/memory-invocation-events.js';
import { MemoryInvocationStore } from './memory/memory-invocation-store.js';
import { MemorySessionStore } from './memory/memory-session-store.js';
import { SessionStore } from './session-store.port.js';
import {
  ConfigurableStoresModule,
  STORES_OPTIONS,
  type StoreBackend,
  type StoresOptions,
} from './stores.module-definition.js';
import { ValkeyApprovalStore } from './valkey/valkey-approval-store.js';
import { ValkeyCancelBus } from './valkey/valkey-cancel-bus.js';
import { ValkeyConnection } from './valkey/valkey-connection.js';
import { ValkeyInvocationEvents } from './valkey/valkey-invocation-events.js';
import { ValkeyInvocationStore } from './valkey/valkey-invocation-store.js';
import { ValkeyLimitCounters } from './valkey/valkey-limit-counters.js';
import { ValkeySessionStore } from './valkey/valkey-session-store.js';

/**
 * Session and invocation stores, the limit counters and the cancel bus behind their ports, chosen
 * by configuration:
 * `StoresModule.forRoot({ session, invocation, valkey })` (global by default). With any Valkey
 * backend, one connection is opened and checked with `PING` while the app initialises; failing that,
 * initialisation throws `valkey unreachable at <host:port>: <reason>`.
 */
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    {
      // `null` when no store uses Valkey: memory-only deployments open no connection.
      provide: ValkeyConnection,
      inject: [STORES_OPTIONS],
      useFactory: async (options: StoresOptions): Promise<ValkeyConnection | null> => {
        if (!usesValkey(options)) {
          return null;
        }
        if (!options.valkey) {
          throw new Error('valkey stores need a valkey connection (VALKEY_ADDR or VALKEY_HOST)');
        }
        return ValkeyConnection.open(options.valkey);
      },
    },
    {
      provide: SessionStore,
      inject: [STORES_OPTIONS, Clock, ValkeyConnection],
      useFactory: (
        options: StoresOptions,
        clock: Clock,
        valkey: ValkeyConnection | null,
      ): SessionStore =>
        select<SessionStore>(options.session.backend, {
          memory: () => new MemorySessionStore(clock),
          valkey: () => {
            const { keyPrefix, ttlSeconds } = options.session;
            return new ValkeySessionStore(required(valkey), keyPrefix, ttlSeconds, clock);
          },
        }),
    },
    {
      provide: InvocationStore,
      inject: [STORES_OPTIONS, Clock, ValkeyConnection],
      useFactory: (
        options: StoresOptions,
        clock: Clock,
        valkey: ValkeyConnection | null,
      ): InvocationStore =>
        select<InvocationStore>(options.invocation.backend, {
          memory: () => new MemoryInvocationStore(clock, options.invocation.ttlSeconds),
          valkey: () => {
            const { keyPrefix, ttlSeconds } = options.invocation;
            return new ValkeyInvocationStore(
              required(valkey),
              keyPrefix,
              ttlSeconds,
              options.replicaId,
            );
          },
        }),
    },
    {
      // Events live where the records do, with their prefix and lifetime (docs/STORES.md).
      provide: InvocationEvents,
      inject: [STORES_OPTIONS, Clock, ValkeyConnection],
      useFactory: (
        options: StoresOptions,
        clock: Clock,
        valkey: ValkeyConnection | null,
      ): InvocationEvents =>
        select<InvocationEvents>(options.invocation.backend, {
          memory: () => new MemoryInvocationEvents(clock, options.invocation.ttlSeconds),
          valkey: () => {
            const { keyPrefix, ttlSeconds } = options.invocation;
            return new ValkeyInvocationEvents(required(valkey), keyPrefix, ttlSeconds);
          },
        }),
    },
    {
      // Limits live in Valkey when either store does, so they hold across replicas (CONFIG.md 2.3).
      provide: LimitCounters,
      inject: [STORES_OPTIONS, ValkeyConnection],
      useFactory: (options: StoresOptions, valkey: ValkeyConnection | null): LimitCounters =>
        select<LimitCounters>(usesValkey(options) ? 'valkey' : 'memory', {
          memory: () => new MemoryLimitCounters(),
          valkey: () => new ValkeyLimitCounters(required(valkey)),
        }),
    },
    {
      // Like the limits: in Valkey when either store is, so an approval is used once across replicas.
      provide: ApprovalStore,
      inject: [STORES_OPTIONS, Clock, ValkeyConnection],
      useFactory: (
        options: StoresOptions,
        clock: Clock,
        valkey: ValkeyConnection | null,
      ): ApprovalStore => {
        const retention = options.approvalRetentionSeconds ?? DEFAULT_APPROVAL_RETENTION_SECONDS;
        return select<ApprovalStore>(usesValkey(options) ? 'valkey' : 'memory', {
          memory: () => new MemoryApprovalStore(retention, () => clock.now()),
          valkey: () => new ValkeyApprovalStore(required(valkey), retention),
        });
      },
    },
    {
      // Cancels follow the invocation records: across replicas exactly when those are shared.
      provide: CancelBus,
      inject: [STORES_OPTIONS, ValkeyConnection],
      useFactory: (options: StoresOptions, valkey: ValkeyConnection | null): CancelBus =>
        select<CancelBus>(options.invocation.backend, {
          memory: () => new MemoryCancelBus(),
          valkey: () =>
            new ValkeyCancelBus(required(valkey), `${options.invocation.keyPrefix}:cancel`),
        }),
    },
  ],
  exports: [
    SessionStore,
    InvocationStore,
    InvocationEvents,
    LimitCounters,
    ApprovalStore,
    CancelBus,
    Clock,
  ],
})
export class StoresModule extends ConfigurableStoresModule {}

const DEFAULT_APPROVAL_RETENTION_SECONDS = 900;

function usesValkey(options: StoresOptions): boolean {
  return options.session.backend === 'valkey' || options.invocation.backend === 'valkey';
}

function required(connection: ValkeyConnection | null): ValkeyConnection {
  if (!connection) {
    throw new Error('valkey connection missing');
  }
  return connection;
}

function select<T>(backend: StoreBackend, builders: { memory: () => T; valkey: () => T }): T {
  switch (backend) {
    case 'memory':
      return builders.memory();
    case 'valkey':
      return builders.valkey();
    default: {
      const unknown: never = backend;
      throw new Error(`unknown store backend ${String(unknown)}`);
    }
  }
}
