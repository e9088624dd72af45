export * from './license-check.tool.js';
export * from './sbom-generate.tool.js';
export * from './scan-container.tool.js';
export * from './scan-dependencies.tool.js';
export * from './scan-secrets.tool.js';
export * from './security-tools.module.js';
