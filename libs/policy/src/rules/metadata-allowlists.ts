import type { JsonValue, MetadataFieldRule, PolicyBindings } from '#app/contracts';
import { isUnset, lookupField, stringOrStringArray, stringValues } from '../field-path.js';
import { matchesNatsSubject } from '../matching/nats-subject.js';
import { matchesPattern } from '../matching/pattern-rules.js';
import { registryHostOf } from '../matching/registry-host.js';
import type { PolicyInput } from '../policy-engine.port.js';

/** Per declared field: its string values (`[]` when unset), `null` for a malformed payload. */
type FieldValues = string[] | null;

export interface MetadataAllowlist {
  /** Used in the messages: `<subject> not allowed`, `invalid <subject> field payload`. */
  subject: string;
  metadataKey: string;
  read(input: PolicyInput): FieldValues[];
  matches(allowed: string, value: string): boolean;
}

type TypedFields =
  'profile_fields' | 'subject_fields' | 'topic_fields' | 'queue_fields' | 'key_prefix_fields';

/** API.md 7.6, in evaluation order. */
export const METADATA_ALLOWLISTS: readonly MetadataAllowlist[] = [
  {
    subject: 'profile',
    metadataKey: 'allowed_profiles',
    read: typedFields('profile_fields'),
    matches: (allowed, value) => allowed === value,
  },
  {
    subject: 'subject',
    metadataKey: 'allowed_nats_subjects',
    read: typedFields('subject_fields'),
    matches: matchesNatsSubject,
  },
  {
    subject: 'topic',
    metadataKey: 'allowed_kafka_topics',
    read: typedFields('topic_fields'),
    matches: matchesPattern,
  },
  {
    subject: 'queue',
    metadataKey: 'allowed_rabbit_queues',
    read: typedFields('queue_fields'),
    matches: matchesPattern,
  },
  {
    subject: 'key prefix',
    metadataKey: 'allowed_redis_key_prefixes',
    read: typedFields('key_prefix_fields'),
    matches: (allowed, value) => value.startsWith(allowed),
  },
  {
    subject: 'namespace',
    metadataKey: 'allowed_k8s_namespaces',
    read: ({ capability, args }) =>
      (capability.policy.namespace_fields ?? []).map((field) =>
        parse(lookupField(args, field), stringOrStringArray),
      ),
    matches: matchesPattern,
  },
  {
    subject: 'registry',
    metadataKey: 'allowed_image_registries',
    read: readRegistryFields,
    matches: (allowed, value) =>
      matchesPattern(allowed, value) || matchesPattern(allowed, registryHostOf(value)),
  },
];

function typedFields(member: TypedFields): (input: PolicyInput) => FieldValues[] {
  return ({ capability, args }) =>
    (capability.policy[member] ?? []).map((rule: MetadataFieldRule) =>
      parse(lookupField(args, rule.field), (raw) => stringValues(raw, rule.multi === true)),
    );
}

// With `registry_requires_flag` (image.build `push`) the registry only matters when the image is
// pushed; a missing tag is checked as the handler's default tag so the default cannot slip through.
function readRegistryFields({ capability, args, session }: PolicyInput): FieldValues[] {
  const policy: PolicyBindings = capability.policy;
  const flag = policy.registry_requires_flag;
  if (flag !== undefined && lookupField(args, flag) !== true) {
    return [];
  }
  return (policy.registry_fields ?? []).map((field) => {
    const raw = lookupField(args, field);
    if (flag !== undefined && isBlank(raw)) {
      return [defaultImageTag(session.id)];
    }
    return parse(raw, stringOrStringArray);
  });
}

export const defaultImageTag = (sessionId: string): string =>
  `workspace.local/workspace:${sessionId}`;

function parse(
  raw: JsonValue | undefined,
  toStrings: (raw: JsonValue) => string[] | null,
): FieldValues {
  return isUnset(raw) ? [] : toStrings(raw);
}

function isBlank(raw: JsonValue | undefined): boolean {
  return isUnset(raw) || (typeof raw === 'string' && raw.trim() === '');
}
