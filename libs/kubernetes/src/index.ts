export * from './kube-api-errors.js';
export * from './kube-client.js';
export * from './kubernetes-client.js';
export * from './pod-exec.js';
export * from './pod-janitor.js';
export * from './pod-names.js';
export * from './pod-program-exec.js';
export * from './shell-quote.js';
