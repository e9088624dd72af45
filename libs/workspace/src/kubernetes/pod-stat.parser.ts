import { toTimestamp } from '#app/contracts';
import type { EntryInfo, EntryType } from '../workspace-runtime.port.js';

/**
 * One `stat -c '%F|%s|%a|%Y|%n'` (GNU/busybox) or `stat -f '%HT|%z|%Lp|%m|%N'` (BSD) line, normalised
 * to the Entry shape of local sessions (CATALOG.md 4 fs.stat).
 */
export function parseStatLine(line: string): { info: Omit<EntryInfo, 'path'>; name: string } {
  const parts = line.split('|');
  const [kind = '', size = '0', mode = '0', mtime = '0'] = parts;
  const name = parts.slice(4).join('|');
  const type = entryType(kind);
  return {
    info: {
      type,
      size_bytes: type === 'dir' ? 0 : Number(size),
      mode: (Number.parseInt(mode, 8) & 0o7777).toString(8).padStart(4, '0'),
      modified_at: toTimestamp(Number(mtime) * 1000),
    },
    name,
  };
}

function entryType(kind: string): EntryType {
  const lower = kind.toLowerCase();
  if (lower.includes('symbolic')) {
    return 'symlink';
  }
  if (lower.includes('directory')) {
    return 'dir';
  }
  return lower.includes('regular') ? 'file' : 'other';
}

/** `<base>/<rest>` printed by the pod → workspace-relative under `relative`. */
export function relativeTo(base: string, absolute: string, relative: string): string {
  const rest = absolute.startsWith(`${base}/`) ? absolute.slice(base.length + 1) : absolute;
  return relative === '.' ? rest : `${relative}/${rest}`;
}

/** Depth-first pre-order with children in byte order, as local walks produce. */
export function compareWalkOrder(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const order = Buffer.compare(Buffer.from(left[index]), Buffer.from(right[index]));
    if (order !== 0) {
      return order;
    }
  }
  return left.length - right.length;
}
