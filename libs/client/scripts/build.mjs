// Builds the publishable package: tsc into dist/, then the generated declarations beside it (tsc
// never copies a hand-provided .d.ts, and dist/index.d.ts imports ./generated/openapi.js).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
mkdirSync(join(root, 'dist', 'generated'), { recursive: true });
copyFileSync(
  join(root, 'src', 'generated', 'openapi.d.ts'),
  join(root, 'dist', 'generated', 'openapi.d.ts'),
);
