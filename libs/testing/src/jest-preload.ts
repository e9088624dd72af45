// CommonJS packages (@willsoto/nestjs-prometheus, @nestjs/terminus) require() the ESM-only NestJS 12
// packages. Jest refuses a require() of an ES module that is still being linked, so evaluate the
// NestJS packages once, first, before any test module graph is loaded.
await import('@nestjs/common');
await import('@nestjs/core');
