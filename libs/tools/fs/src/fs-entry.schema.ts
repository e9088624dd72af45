import { Type } from '@sinclair/typebox';
import { StringEnum } from '#app/tool-registry';

/** What lstat says a path is (`fs.list` entries, `fs.stat`). */
export const FS_ENTRY_TYPE = StringEnum(['file', 'dir', 'symlink', 'other']);

/** CATALOG.md 4 "Entry": types come from lstat, `mode` is four octal digits, dirs have size 0. */
export const FS_ENTRY = Type.Object({
  path: Type.Optional(Type.String()),
  type: Type.Optional(FS_ENTRY_TYPE),
  size_bytes: Type.Optional(Type.Integer()),
  mode: Type.Optional(Type.String()),
  modified_at: Type.Optional(Type.String()),
});
