import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ArtifactsModule, artifactsOptionsFrom } from '#app/artifacts';
import { TrustedHeaderGuard } from '#app/auth';
import { AppConfig, ConfigModule } from '#app/config';
import { DrainingGuard, ErrorEnvelopeFilter, RouteTable } from '#app/http';
import { InvocationsModule } from '#app/invocations';
import { McpModule } from '#app/mcp';
import { JsonLogger, LoggingModule, MetricsModule, TracingModule } from '#app/observability';
import { PlatformModule } from '#app/platform';
import { PolicyModule } from '#app/policy';
import { SessionsModule } from '#app/sessions';
import { StoresModule } from '#app/stores';
import { ToolRegistryModule } from '#app/tool-registry';
import { ArtifactToolsModule } from '#app/tools/artifact';
import { ConnToolsModule } from '#app/tools/conn';
import { FsToolsModule } from '#app/tools/fs';
import { GitToolsModule } from '#app/tools/git';
import { NatsToolsModule } from '#app/tools/nats';
import { RabbitToolsModule } from '#app/tools/rabbit';
import { RedisToolsModule } from '#app/tools/redis';
import { KafkaToolsModule } from '#app/tools/kafka';
import { MongoToolsModule } from '#app/tools/mongo';
import { ApiToolsModule } from '#app/tools/api';
import { K8sToolsModule } from '#app/tools/k8s';
import { RepoToolsModule } from '#app/tools/repo';
import { SecurityToolsModule } from '#app/tools/security';
import { ContainerToolsModule } from '#app/tools/container';
import { ImageToolsModule } from '#app/tools/image';
import { CToolsModule } from '#app/tools/c';
import { CiToolsModule } from '#app/tools/ci';
import { GoToolsModule } from '#app/tools/go';
import { NodeToolsModule } from '#app/tools/node';
import { PythonToolsModule } from '#app/tools/python';
import { QualityToolsModule } from '#app/tools/quality';
import { RustToolsModule } from '#app/tools/rust';
import { WorkspaceModule, workspaceOptionsFrom } from '#app/workspace';

/**
 * A Nest module that contributes tool families: its providers decorated with `@Tool()` join the
 * catalog and run through the same pipeline as the built-in tools.
 */
export type ToolModule = Type<unknown> | DynamicModule;

export interface AppModuleOptions {
  config: AppConfig;
  logger: JsonLogger;
  /** Environment snapshot for child processes (taken once, in main). */
  serviceEnv: Record<string, string | undefined>;
  /**
   * Tool families added by the team running the service, imported after the built-in families.
   * A name that is already taken, by a built-in tool too, stops the boot
   * (`startup failed: catalog: duplicate tool name …`). Default: none.
   */
  toolModules?: readonly ToolModule[];
}

/** Composition root: configuration, platform, adapters chosen by config, then the tool families. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config, logger, serviceEnv, toolModules = [] } = options;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        MetricsModule,
        TracingModule.forRoot(config.telemetry),
        PlatformModule,
        StoresModule.forRoot({
          session: config.stores.session,
          invocation: config.stores.invocation,
          valkey: config.stores.valkey,
          replicaId: config.stores.replicaId,
          approvalRetentionSeconds: config.approvals.ttlSeconds,
        }),
        ArtifactsModule.forRoot(artifactsOptionsFrom(config)),
        WorkspaceModule.forRoot(workspaceOptionsFrom(config, serviceEnv)),
        PolicyModule.forRoot({ engine: 'static' }),
        ToolRegistryModule,
        SessionsModule,
        InvocationsModule,
        // The MCP endpoint (API.md 5.24): the same catalog and pipeline over the MCP protocol.
        McpModule,
        // Tool families: adding one is one import here.
        FsToolsModule,
        ArtifactToolsModule,
        GitToolsModule,
        ConnToolsModule,
        NatsToolsModule,
        RabbitToolsModule,
        RedisToolsModule,
        KafkaToolsModule,
        MongoToolsModule,
        ApiToolsModule,
        K8sToolsModule,
        RepoToolsModule,
        GoToolsModule,
        RustToolsModule,
        NodeToolsModule,
        PythonToolsModule,
        CToolsModule,
        QualityToolsModule,
        CiToolsModule,
        SecurityToolsModule,
        ImageToolsModule,
        ContainerToolsModule,
        // Families from outside this codebase (AppModuleOptions.toolModules), after the built-ins.
        ...toolModules,
      ],
      providers: [
        // Filled by createApp from the routes Fastify registers (405 + Allow).
        RouteTable,
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
        // Guard order is the check order of API.md 4.3: draining, then authentication.
        { provide: APP_GUARD, useClass: DrainingGuard },
        { provide: APP_GUARD, useClass: TrustedHeaderGuard },
      ],
    };
  }
}
