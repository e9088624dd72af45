import type { ArgFieldRule, PolicyBindings } from '#app/contracts';

// CATALOG.md 1.4. Kept inside the family so it depends on no other tool library.
export const SHELL_DENY: readonly string[] = Object.freeze([
  ';',
  '|',
  '&',
  '`',
  '$(',
  '>',
  '<',
  '\n',
  '\r',
]);
export const SHELL_DENY_SPACE: readonly string[] = Object.freeze([...SHELL_DENY, ' ']);

/** CATALOG.md 22: `ref`-like args of `git.checkout`, `git.log`, `git.show`. */
export function refArgField(field: string): ArgFieldRule {
  return { field, max_length: 256, deny_characters: [...SHELL_DENY] };
}

/** CATALOG.md 1.4 `GIT_REMOTE_POLICY` (`git.push`, `git.fetch`, `git.pull`). */
export const GIT_REMOTE_POLICY: PolicyBindings = {
  arg_fields: [
    { field: 'remote', max_length: 128, deny_characters: [...SHELL_DENY_SPACE] },
    { field: 'refspec', max_length: 512, deny_characters: [...SHELL_DENY_SPACE] },
  ],
};
