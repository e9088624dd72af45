import { Expose } from 'class-transformer';
import { IsEnvBoolean, IsOtlpEndpoint } from './env.decorators.js';
import { IfSet, IfTracing } from './env.schema.conditions.js';
import { ToolVariables } from './env.schema.tools.js';

/** CONFIG.md 2.8: telemetry; exporter settings are validated only when tracing is enabled. */
export class TelemetryVariables extends ToolVariables {
  @Expose()
  @IfSet()
  @IsEnvBoolean()
  WORKSPACE_OTEL_ENABLED?: string;
  @Expose()
  @IfTracing()
  @IsOtlpEndpoint()
  WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  @Expose()
  @IfTracing()
  @IsEnvBoolean()
  WORKSPACE_OTEL_EXPORTER_OTLP_INSECURE?: string;
  @Expose()
  WORKSPACE_VERSION?: string;
  @Expose()
  WORKSPACE_ENV?: string;
}
