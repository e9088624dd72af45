export * from './create-session.request.js';
export * from './in-flight-invocations.js';
export * from './session-access.guard.js';
export * from './session-id.js';
export * from './session-sweeper.js';
export * from './session.service.js';
export * from './sessions.module.js';
export * from './workspace-janitor.runner.js';
