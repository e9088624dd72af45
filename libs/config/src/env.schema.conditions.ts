import { IsOptional } from 'class-validator';
import {
  isKubernetesBackend,
  isTracingEnabled,
  isTrustedHeadersMode,
  usesS3ArtifactStore,
  usesValkey,
  usesValkeyInvocationStore,
  usesValkeySessionStore,
} from './env.conditions.js';
import { WhenSetAnd } from './env.decorators.js';

// When the env.schema.<area>.ts classes validate a variable: only when it is set and its feature is
// switched on.
export const IfSet = (): PropertyDecorator => IsOptional();
export const IfValkey = (): PropertyDecorator => WhenSetAnd(usesValkey);
export const IfValkeyWithoutAddr = (): PropertyDecorator =>
  WhenSetAnd((env) => usesValkey(env) && env.VALKEY_ADDR === undefined);
export const IfValkeyInvocationStore = (): PropertyDecorator =>
  WhenSetAnd(usesValkeyInvocationStore);
export const IfValkeySessionStore = (): PropertyDecorator => WhenSetAnd(usesValkeySessionStore);
export const IfTrustedHeaders = (): PropertyDecorator => WhenSetAnd(isTrustedHeadersMode);
export const IfTracing = (): PropertyDecorator => WhenSetAnd(isTracingEnabled);
export const IfKubernetes = (): PropertyDecorator => WhenSetAnd(isKubernetesBackend);
export const IfS3ArtifactStore = (): PropertyDecorator => WhenSetAnd(usesS3ArtifactStore);
