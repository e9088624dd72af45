import { Type } from '@sinclair/typebox';
import { StringEnum } from '#app/tool-registry';

const DependencyMembers = {
  name: Type.String(),
  version: Type.String(),
  ecosystem: StringEnum(['npm', 'pypi', 'go', 'cargo', 'maven']),
  license: Type.String(),
};

/** One dependency of the inventory, as the outputs list it. */
export const DependencySchema = Type.Partial(Type.Object(DependencyMembers));

/** A dependency that failed the license check, with why. */
export const ViolationSchema = Type.Partial(
  Type.Object({ ...DependencyMembers, reason: Type.String() }),
);

/** Manifests the inventory skipped or could not parse (`description` before `items`, as published). */
export const InventoryDiagnosticsSchema = Type.Unsafe<{ file?: string; message?: string }[]>({
  type: 'array',
  description: 'Manifests skipped (over 20 MiB, unreadable) or malformed; never fatal',
  items: Type.Partial(Type.Object({ file: Type.String(), message: Type.String() })),
});
