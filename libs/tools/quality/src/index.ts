export * from './gate-evaluation.js';
export * from './gate.tool.js';
export * from './quality-tools.module.js';
