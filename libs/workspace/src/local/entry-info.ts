import type { Stats } from 'node:fs';

import { toTimestamp } from '#app/contracts';
import type { EntryInfo, EntryType } from '../workspace-runtime.port.js';

/** CATALOG.md 4 "Entry" from lstat data: four-digit octal mode, directories report size 0. */
export function toEntryInfo(relativePath: string, stats: Stats): EntryInfo {
  const type = entryType(stats);
  return {
    path: relativePath,
    type,
    size_bytes: type === 'dir' ? 0 : stats.size,
    mode: formatMode(stats.mode),
    modified_at: toTimestamp(stats.mtime),
  };
}

export function entryType(stats: Stats): EntryType {
  if (stats.isSymbolicLink()) {
    return 'symlink';
  }
  if (stats.isDirectory()) {
    return 'dir';
  }
  return stats.isFile() ? 'file' : 'other';
}

/** Permission bits (with setuid/setgid/sticky) as four octal digits, e.g. `0644`. */
export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** `child` of a workspace-relative directory (`.` for the root). */
export function joinRelative(parent: string, name: string): string {
  return parent === '.' ? name : `${parent}/${name}`;
}
