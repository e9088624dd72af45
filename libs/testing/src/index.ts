export * from './redis-server.process.js';
export * from './require-service.js';
export * from './tool-workspace.fixture.js';
export * from './fake-programs.js';
export * from './fake-kube-api/index.js';
export * from './nested-tools.testing-module.js';
export * from './kubernetes-config.fixture.js';
export * from './tool-call.js';
