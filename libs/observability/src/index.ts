export * from './logging/audit-log.js';
export * from './logging/canonical-json.js';
export * from './logging/json-logger.js';
export * from './logging/logging.module.js';
export * from './logging/redact.js';
export * from './metrics/metric-names.js';
export * from './metrics/metrics.module.js';
export * from './metrics/service-metrics.js';
