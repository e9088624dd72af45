export type { components, operations, paths } from './generated/openapi.js';
export * from './invocation-events.js';
export { parseSse, type RawSseEvent } from './sse-parser.js';
export * from './types.js';
export * from './workspace-api-error.js';
export * from './workspace-client.js';
