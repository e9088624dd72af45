export * from './app.exception.js';
