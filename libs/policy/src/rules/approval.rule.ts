import { POLICY_MESSAGES } from '../policy.messages.js';
import { deny, type PolicyRule } from '../policy-rule.js';

/** API.md 7.3: runs after scope and risk, so an unauthorised caller never learns about approval. */
export const approvalRule: PolicyRule = ({ capability, approved }) =>
  capability.requires_approval && approved !== true
    ? deny(POLICY_MESSAGES.approval, 'approval_required')
    : null;
