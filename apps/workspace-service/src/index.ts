// The public entry of the service for teams that run it with their own tool families: everything
// needed to boot it, test it and document its catalog. Tool classes themselves are written with
// the kit of `#app/tool-registry` (`@Tool()`, `ToolHandler`, `ToolContext`, `ToolResult`).
export { AppModule, type AppModuleOptions, type ToolModule } from './app.module.js';
export { bootstrap, type BootstrapOptions } from './bootstrap.js';
export { type CatalogDocsOptions, generateCatalogDocs } from './catalog-docs.js';
export { type CreateAppOptions, createApp } from './create-app.js';
export {
  type AppConfig,
  ConfigValidationError,
  loadAppConfig,
  snapshotProcessEnvironment,
} from '#app/config';
export { JsonLogger } from '#app/observability';
