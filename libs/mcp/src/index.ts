export * from './mcp-call-result.js';
export * from './mcp-tool-definition.js';
export * from './mcp.module.js';
