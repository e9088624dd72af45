import type { ArgFieldRule } from '#app/contracts';
import { lookupField, stringValues } from '../field-path.js';
import { POLICY_MESSAGES } from '../policy.messages.js';
import { deny, type NamedPolicyRule, pass, type PolicyRule, skip } from '../policy-rule.js';

/** API.md 7.5: governance limits on free-form arguments, checked in the documented order. */
export const argFieldsRule: PolicyRule = ({ capability, args }) => {
  for (const rule of capability.policy.arg_fields ?? []) {
    const raw = lookupField(args, rule.field);
    if (raw === undefined || raw === null) {
      continue;
    }
    const multi = rule.multi === true;
    const values = stringValues(raw, multi);
    if (values === null) {
      return deny(POLICY_MESSAGES.invalidArgField);
    }
    if (multi && rule.max_items !== undefined && values.length > rule.max_items) {
      return deny(POLICY_MESSAGES.argListTooLong);
    }
    if (!values.every((value) => argValueAllowed(value.trim(), rule))) {
      return deny(POLICY_MESSAGES.argNotAllowed);
    }
  }
  return null;
};

// Empty list entries never match: an empty substring or prefix would otherwise match every value.
function argValueAllowed(value: string, rule: ArgFieldRule): boolean {
  if (value === '') {
    return false;
  }
  if (rule.max_length !== undefined && [...value].length > rule.max_length) {
    return false;
  }
  if (nonEmpty(rule.deny_characters).some((denied) => value.includes(denied))) {
    return false;
  }
  if (nonEmpty(rule.denied_prefix).some((prefix) => value.startsWith(prefix))) {
    return false;
  }
  const allowedValues = rule.allowed_values ?? [];
  if (allowedValues.length > 0) {
    return allowedValues.includes(value);
  }
  if ((rule.allowed_prefix ?? []).length > 0) {
    return nonEmpty(rule.allowed_prefix).some((prefix) => value.startsWith(prefix));
  }
  return true;
}

const nonEmpty = (items: readonly string[] | undefined): string[] =>
  (items ?? []).filter((item) => item !== '');

/** Explained as `policy.args` (API.md 5.23): the ruled arguments the call gives. */
export const argFieldsPolicyRule: NamedPolicyRule = {
  name: 'policy.args',
  check: argFieldsRule,
  describe: ({ capability, args }) => {
    const declared = capability.policy.arg_fields ?? [];
    if (declared.length === 0) {
      return skip('tool declares no argument rules');
    }
    const given = declared.filter(({ field }) => {
      const raw = lookupField(args, field);
      return raw !== undefined && raw !== null;
    });
    if (given.length === 0) {
      return skip('no ruled argument given');
    }
    return pass(`within the argument rules: ${given.map(({ field }) => field).join(', ')}`);
  },
};
