export * from './fake-kube-api.server.js';
export * from './fake-kube-exec.js';
