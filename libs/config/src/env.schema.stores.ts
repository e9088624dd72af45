import { Expose } from 'class-transformer';
import {
  IsEnvEnum,
  IsEnvInteger,
  IsHostName,
  IsHostPort,
  IsWithoutWhitespace,
} from './env.decorators.js';
import {
  IfSet,
  IfValkey,
  IfValkeyWithoutAddr,
  IfValkeyInvocationStore,
  IfValkeySessionStore,
} from './env.schema.conditions.js';
import { WorkspaceVariables } from './env.schema.workspaces.js';

/** CONFIG.md 2.3 and 2.4: the invocation and session stores and, when one is valkey, Valkey. */
export class StoreVariables extends WorkspaceVariables {
  // 2.3 Stores (key prefixes only matter for a valkey store)
  @Expose()
  @IfSet()
  @IsEnvEnum(['memory', 'valkey'])
  INVOCATION_STORE_BACKEND?: string;
  @Expose()
  @IfSet()
  @IsEnvEnum(['memory', 'valkey'])
  SESSION_STORE_BACKEND?: string;
  @Expose()
  @IfValkeyInvocationStore()
  @IsWithoutWhitespace()
  INVOCATION_STORE_KEY_PREFIX?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  INVOCATION_STORE_TTL_SECONDS?: string;
  @Expose()
  @IfValkeySessionStore()
  @IsWithoutWhitespace()
  SESSION_STORE_KEY_PREFIX?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  SESSION_STORE_TTL_SECONDS?: string;
  // Names this process in running invocation records and its heartbeat key (docs/STORES.md).
  @Expose()
  @IfSet()
  @IsWithoutWhitespace()
  WORKSPACE_REPLICA_ID?: string;

  // 2.4 Valkey connection, only when a store is valkey
  @Expose()
  @IfValkey()
  @IsHostPort()
  VALKEY_ADDR?: string;
  @Expose()
  @IfValkeyWithoutAddr()
  @IsHostName()
  VALKEY_HOST?: string;
  @Expose()
  @IfValkeyWithoutAddr()
  @IsEnvInteger(1, 65535)
  VALKEY_PORT?: string;
  @Expose()
  @IfValkey()
  @IsEnvInteger(0)
  VALKEY_DB?: string;
  @Expose()
  VALKEY_PASSWORD?: string;
}
