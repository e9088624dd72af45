// Dockerfile and image-reference analysis shared by the image family and
// `security.scan_container` (CATALOG.md 17, 20), kept out of both so no family imports another.
export * from './dockerfile-lint.js';
export * from './dockerfile-parser.js';
export * from './image-reference.js';
export * from './image-reference-lint.js';
export * from './lint-issue.js';
