import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// A V8 stack frame's location: `at fn (file:///a/b.ts:1:2)` or `at file:///a/b.ts:1:2`.
const FRAME_FILE = /(?:\(|at )((?:file:\/\/)?\/[^():]+\.[cm]?[jt]s):\d+:\d+\)?$/;

/**
 * The file that applied a decorator, relative to the working directory, for the catalog page
 * ("Source: …"). Read from the stack when the decorator runs, which is while the declaring module
 * loads; the compiled `dist/**.js` maps back to its `.ts` source. `undefined` when not found.
 */
export function declaringFile(skip: readonly string[]): string | undefined {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const location = FRAME_FILE.exec(frame.trim())?.[1];
    if (!location) {
      continue;
    }
    const path = location.startsWith('file://') ? fileURLToPath(location) : location;
    if (path.includes(`${sep}node_modules${sep}`) || skip.some((name) => path.endsWith(name))) {
      continue;
    }
    return toSourcePath(relative(process.cwd(), path).split(sep).join('/'));
  }
  return undefined;
}

function toSourcePath(path: string): string {
  return path.startsWith('dist/') ? path.slice('dist/'.length).replace(/\.js$/, '.ts') : path;
}
