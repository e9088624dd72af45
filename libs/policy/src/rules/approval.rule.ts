import { POLICY_MESSAGES } from '../policy.messages.js';
import { deny, type NamedPolicyRule, pass, type PolicyRule, skip } from '../policy-rule.js';

/** API.md 7.3: runs after scope and risk, so an unauthorised caller never learns about approval. */
export const approvalRule: PolicyRule = ({ capability, approved }) =>
  capability.requires_approval && approved !== true
    ? deny(POLICY_MESSAGES.approval, 'approval_required')
    : null;

/** Explained as `policy.approval` (API.md 5.23); its failure is what `requires_approval` reports. */
export const approvalPolicyRule: NamedPolicyRule = {
  name: 'policy.approval',
  check: approvalRule,
  describe: ({ capability }) =>
    capability.requires_approval
      ? pass('approved: true was given')
      : skip('tool does not require approval'),
};
