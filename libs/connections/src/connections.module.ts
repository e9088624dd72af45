import { Module } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { BUILT_IN_PROFILES } from './built-in-profiles.js';
import { ConnectionLeases } from './connection-leases.js';
import { ConnectionProfiles } from './connection-profiles.js';

/**
 * Connection profiles and per-call connection leases for the external tool families. Imported by
 * each family module; Nest instantiates it once, so there is one lease registry per application
 * and it is closed on shutdown. Needs the global `ConfigModule` (`AppConfig.tools`).
 */
@Module({
  providers: [
    {
      provide: ConnectionProfiles,
      inject: [AppConfig],
      useFactory: (config: AppConfig): ConnectionProfiles =>
        new ConnectionProfiles({
          endpoints: config.tools.connProfileEndpoints,
          hostAllowlist: config.tools.connProfileHostAllowlist,
          // `WORKSPACE_CONN_PROFILES_JSON`, else the built-in table (CONFIG.md 2.7).
          profiles: config.tools.connProfiles ?? BUILT_IN_PROFILES,
        }),
    },
    ConnectionLeases,
  ],
  exports: [ConnectionProfiles, ConnectionLeases],
})
export class ConnectionsModule {}
