import { isUnrestricted, parseMetadataList } from '../matching/metadata-list.js';
import type { PolicyDenial, PolicyInput } from '../policy-engine.port.js';
import { invalidFieldPayload, notAllowed } from '../policy.messages.js';
import { deny, type NamedPolicyRule, pass, type PolicyRule, skip } from '../policy-rule.js';
import { METADATA_ALLOWLISTS, type MetadataAllowlist } from './metadata-allowlists.js';

/** API.md 7.6: session metadata lists restricting what connection-style arguments may name. */
export const metadataAllowlistsRule: PolicyRule = (input) => {
  for (const allowlist of METADATA_ALLOWLISTS) {
    const denial = checkAllowlist(allowlist, input);
    if (denial !== null) {
      return denial;
    }
  }
  return null;
};

function checkAllowlist(allowlist: MetadataAllowlist, input: PolicyInput): PolicyDenial | null {
  const allowed = parseMetadataList(input.session.metadata[allowlist.metadataKey]);
  // No list (or `*`): the operator placed no restriction, so not even payload shapes are inspected.
  if (isUnrestricted(allowed)) {
    return null;
  }
  for (const values of allowlist.read(input)) {
    if (values === null) {
      return deny(invalidFieldPayload(allowlist.subject));
    }
    for (const value of values.map((item) => item.trim()).filter((item) => item !== '')) {
      if (!allowed.some((item) => allowlist.matches(item, value))) {
        return deny(notAllowed(allowlist.subject));
      }
    }
  }
  return null;
}

/** Explained as `policy.metadata` (API.md 5.23): the session lists that restricted this call. */
export const metadataAllowlistsPolicyRule: NamedPolicyRule = {
  name: 'policy.metadata',
  check: metadataAllowlistsRule,
  describe: (input) => {
    const consulted = METADATA_ALLOWLISTS.filter((allowlist) => restricts(allowlist, input)).map(
      ({ metadataKey }) => metadataKey,
    );
    return consulted.length === 0
      ? skip('no session allowlist restricts the arguments of this call')
      : pass(`allowed by session metadata: ${consulted.join(', ')}`);
  },
};

/** The list is set (not `*`) and the call gives at least one value it had to match. */
function restricts(allowlist: MetadataAllowlist, input: PolicyInput): boolean {
  const allowed = parseMetadataList(input.session.metadata[allowlist.metadataKey]);
  return (
    !isUnrestricted(allowed) &&
    allowlist
      .read(input)
      .some((values) => values !== null && values.some((value) => value.trim() !== ''))
  );
}
