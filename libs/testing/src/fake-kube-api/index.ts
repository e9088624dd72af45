export * from './fake-kube-api.server.js';
export * from './fake-kube-exec.js';
export * from './kube-object.js';
