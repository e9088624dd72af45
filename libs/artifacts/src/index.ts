export * from './artifact-name.js';
export * from './artifact-store.port.js';
export * from './artifacts-options.js';
export * from './artifacts.module.js';
export * from './local/local-artifact-store.js';
export * from './s3/s3-artifact-store.js';
export type { S3ArtifactStoreOptions, S3StoreTimings } from './s3/s3-client.js';
