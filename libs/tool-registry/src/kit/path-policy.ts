import type { PolicyBindings } from '#app/contracts';

/** `path_fields` entries, all workspace-relative (CATALOG.md 22): each is checked against `allowed_paths`. */
export function pathPolicy(...fields: string[]): PolicyBindings {
  return { path_fields: fields.map((field) => ({ field, workspace_relative: true })) };
}
