import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config.js';

/**
 * Makes the validated configuration injectable everywhere as `AppConfig`. The configuration is
 * loaded before the application is created (`loadAppConfig(process.env)` in `main.ts`), so an
 * invalid environment stops the process before any module starts.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
