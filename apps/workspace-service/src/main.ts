import 'reflect-metadata';
import { bootstrap } from './bootstrap.js';

// The service with the built-in tool families only; bootstrap() reports and exits on failure.
await bootstrap();
