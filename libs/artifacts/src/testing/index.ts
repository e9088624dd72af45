// Test support only: an in-process S3 substitute for the S3 adapter's specs and the e2e suite.
export * from './s3rver-instance.js';
