import { AppException } from '#app/errors';
import { resolveLexicalPath } from '#app/workspace';
import { isUnset, lookupField, stringValues } from '../field-path.js';
import type { PolicyDenial, PolicyInput } from '../policy-engine.port.js';
import { POLICY_MESSAGES } from '../policy.messages.js';
import { deny, type NamedPolicyRule, pass, type PolicyRule, skip } from '../policy-rule.js';

/** API.md 7.4: every declared path field goes through the workspace path resolver. */
export const pathFieldsRule: PolicyRule = async (input) => {
  for (const rule of input.capability.policy.path_fields ?? []) {
    const raw = lookupField(input.args, rule.field);
    if (isUnset(raw)) {
      continue;
    }
    const values = stringValues(raw, rule.multi === true);
    if (values === null) {
      return deny(POLICY_MESSAGES.invalidPathField);
    }
    for (const value of values) {
      const denial = value === '' ? null : await checkPath(value, input);
      if (denial !== null) {
        return denial;
      }
    }
  }
  return null;
};

async function checkPath(
  value: string,
  { session, workspace }: PolicyInput,
): Promise<PolicyDenial | null> {
  try {
    resolveLexicalPath(value, session.workspace_path, session.allowed_paths);
    // Step 5 needs the files: only a local session's runtime can see them from here. Kubernetes
    // handlers repeat the full resolution inside the pod.
    if (workspace !== undefined && session.runtime.kind === 'local') {
      await workspace.resolve(value);
    }
    return null;
  } catch (error) {
    if (error instanceof AppException && error.code === 'policy_denied') {
      return deny(error.message);
    }
    throw error;
  }
}

/** Explained as `policy.paths` (API.md 5.23): the declared path fields the call gives. */
export const pathFieldsPolicyRule: NamedPolicyRule = {
  name: 'policy.paths',
  check: pathFieldsRule,
  describe: ({ capability, args, session }) => {
    const declared = capability.policy.path_fields ?? [];
    if (declared.length === 0) {
      return skip('tool declares no path fields');
    }
    const given = declared.filter(({ field }) => !isUnset(lookupField(args, field)));
    if (given.length === 0) {
      return skip('no path field given');
    }
    const fields = given.map(({ field }) => field).join(', ');
    // Kubernetes sessions get steps 1–4 here; the handler repeats the full resolution in the pod.
    const lexicalOnly = session.runtime.kind === 'local' ? '' : ' (lexical steps only)';
    return pass(`inside the workspace and allowed_paths${lexicalOnly}: ${fields}`);
  },
};
