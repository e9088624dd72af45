import { Expose } from 'class-transformer';
import { IsEnvEnum, IsEnvInteger } from './env.decorators.js';
import { IfSet } from './env.schema.conditions.js';

/** CONFIG.md 2.1: the HTTP listener, logging and shutdown; the base of the schema chain. */
export class ServerVariables {
  @Expose()
  @IfSet()
  @IsEnvInteger(1, 65535)
  PORT?: string;
  @Expose()
  @IfSet()
  @IsEnvEnum(['debug', 'info', 'warn', 'warning', 'error'])
  LOG_LEVEL?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0, 3600)
  WORKSPACE_SHUTDOWN_GRACE_SECONDS?: string;
}
