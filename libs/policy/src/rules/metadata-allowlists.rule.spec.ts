import type { JsonObject, PolicyBindings } from '#app/contracts';
import { buildPolicyInput } from '../testing/policy-input.fixture.js';
import { metadataAllowlistsRule } from './metadata-allowlists.rule.js';

const SESSION_ID = 'session-00000000000000aa';
const denied = (message: string) => ({ allowed: false, code: 'policy_denied', message });

const evaluate = (policy: PolicyBindings, metadata: Record<string, string>, args: JsonObject) =>
  metadataAllowlistsRule(buildPolicyInput({ policy, metadata, args, session: { id: SESSION_ID } }));

describe('metadataAllowlistsRule', () => {
  describe('list parsing', () => {
    const policy = { profile_fields: [{ field: 'profile_id' }] };

    it('should allow everything when the metadata key is absent or the list is empty', async () => {
      expect(await evaluate(policy, {}, { profile_id: 'prod' })).toBeNull();
      expect(
        await evaluate(policy, { allowed_profiles: ' , ' }, { profile_id: 'prod' }),
      ).toBeNull();
    });

    it('should allow everything when the list contains *', async () => {
      expect(
        await evaluate(policy, { allowed_profiles: 'dev, *' }, { profile_id: 'prod' }),
      ).toBeNull();
    });

    it('should not inspect payload shapes when the list places no restriction', async () => {
      expect(await evaluate(policy, {}, { profile_id: 42 })).toBeNull();
    });

    it('should trim list items and drop empty ones', async () => {
      expect(
        await evaluate(policy, { allowed_profiles: ' , dev ,, qa ' }, { profile_id: 'qa' }),
      ).toBeNull();
    });
  });

  describe('profiles', () => {
    const policy = { profile_fields: [{ field: 'profile_id' }] };
    const metadata = { allowed_profiles: 'dev-nats,qa-nats' };

    it('should allow when the profile is listed exactly', async () => {
      expect(await evaluate(policy, metadata, { profile_id: 'dev-nats' })).toBeNull();
    });

    it('should deny with profile not allowed when the profile is not listed', async () => {
      expect(await evaluate(policy, metadata, { profile_id: 'dev' })).toEqual(
        denied('profile not allowed'),
      );
    });

    it('should skip the field when it is absent, null, empty or blank', async () => {
      const unset: JsonObject[] = [
        {},
        { profile_id: null },
        { profile_id: '' },
        { profile_id: '   ' },
      ];
      for (const args of unset) {
        expect(await evaluate(policy, metadata, args)).toBeNull();
      }
    });

    it('should compare the trimmed value', async () => {
      expect(await evaluate(policy, metadata, { profile_id: ' qa-nats ' })).toBeNull();
    });

    it('should deny with invalid profile field payload when the value is not a string', async () => {
      expect(await evaluate(policy, metadata, { profile_id: 7 })).toEqual(
        denied('invalid profile field payload'),
      );
    });

    it('should require an array of strings and skip empty items when the field is multi', async () => {
      const multi = { profile_fields: [{ field: 'profiles', multi: true }] };
      expect(await evaluate(multi, metadata, { profiles: ['dev-nats', '', 'qa-nats'] })).toBeNull();
      expect(await evaluate(multi, metadata, { profiles: ['dev-nats', 'prod'] })).toEqual(
        denied('profile not allowed'),
      );
      expect(await evaluate(multi, metadata, { profiles: 'dev-nats' })).toEqual(
        denied('invalid profile field payload'),
      );
    });
  });

  describe('NATS subjects', () => {
    const policy = { subject_fields: [{ field: 'subject' }] };
    const metadata = { allowed_nats_subjects: 'orders.*, audit.>' };

    it.each(['orders.created', 'audit.login', 'audit.login.failed'])(
      'should allow %s when a NATS pattern matches',
      async (subject) => {
        expect(await evaluate(policy, metadata, { subject })).toBeNull();
      },
    );

    it.each(['orders.created.eu', 'audit', 'billing.paid'])(
      'should deny %s when no NATS pattern matches',
      async (subject) => {
        expect(await evaluate(policy, metadata, { subject })).toEqual(
          denied('subject not allowed'),
        );
      },
    );

    it('should deny with invalid subject field payload when the value is not a string', async () => {
      expect(await evaluate(policy, metadata, { subject: ['orders.x'] })).toEqual(
        denied('invalid subject field payload'),
      );
    });
  });

  describe('Kafka topics and Rabbit queues', () => {
    it('should apply pattern rules to topics', async () => {
      const policy = { topic_fields: [{ field: 'topic' }] };
      const metadata = { allowed_kafka_topics: 'dev.>,team-*-events,sandbox.' };
      expect(await evaluate(policy, metadata, { topic: 'dev.orders' })).toBeNull();
      expect(await evaluate(policy, metadata, { topic: 'team-a-events' })).toBeNull();
      expect(await evaluate(policy, metadata, { topic: 'sandbox.x' })).toBeNull();
      expect(await evaluate(policy, metadata, { topic: 'prod.orders' })).toEqual(
        denied('topic not allowed'),
      );
      expect(await evaluate(policy, metadata, { topic: { name: 'x' } })).toEqual(
        denied('invalid topic field payload'),
      );
    });

    it('should apply pattern rules to queues', async () => {
      const policy = { queue_fields: [{ field: 'queue' }] };
      const metadata = { allowed_rabbit_queues: 'jobs:,mail' };
      expect(await evaluate(policy, metadata, { queue: 'jobs:resize' })).toBeNull();
      expect(await evaluate(policy, metadata, { queue: 'mail' })).toBeNull();
      expect(await evaluate(policy, metadata, { queue: 'mailer' })).toEqual(
        denied('queue not allowed'),
      );
      expect(await evaluate(policy, metadata, { queue: true })).toEqual(
        denied('invalid queue field payload'),
      );
    });
  });

  describe('Redis key prefixes', () => {
    const metadata = { allowed_redis_key_prefixes: 'cache:,session:' };

    it('should allow a key when it starts with a listed prefix', async () => {
      expect(
        await evaluate({ key_prefix_fields: [{ field: 'key' }] }, metadata, { key: 'cache:u:1' }),
      ).toBeNull();
    });

    it('should deny with key prefix not allowed when no prefix matches', async () => {
      expect(
        await evaluate({ key_prefix_fields: [{ field: 'key' }] }, metadata, { key: 'users:1' }),
      ).toEqual(denied('key prefix not allowed'));
    });

    it('should check every key of a multi field', async () => {
      const policy = { key_prefix_fields: [{ field: 'keys', multi: true }] };
      expect(await evaluate(policy, metadata, { keys: ['cache:a', 'session:b'] })).toBeNull();
      expect(await evaluate(policy, metadata, { keys: ['cache:a', 'other'] })).toEqual(
        denied('key prefix not allowed'),
      );
      expect(await evaluate(policy, metadata, { keys: [1] })).toEqual(
        denied('invalid key prefix field payload'),
      );
    });
  });

  describe('Kubernetes namespaces', () => {
    const policy = { namespace_fields: ['namespace'] };
    const metadata = { allowed_k8s_namespaces: 'team-*,sandbox' };

    it('should accept a string or an array of strings', async () => {
      expect(await evaluate(policy, metadata, { namespace: 'team-a' })).toBeNull();
      expect(await evaluate(policy, metadata, { namespace: ['team-a', 'sandbox'] })).toBeNull();
    });

    it('should deny with namespace not allowed when no pattern matches', async () => {
      expect(await evaluate(policy, metadata, { namespace: 'kube-system' })).toEqual(
        denied('namespace not allowed'),
      );
      expect(await evaluate(policy, metadata, { namespace: ['team-a', 'default'] })).toEqual(
        denied('namespace not allowed'),
      );
    });

    it('should deny with invalid namespace field payload when the value is neither string nor string array', async () => {
      expect(await evaluate(policy, metadata, { namespace: 3 })).toEqual(
        denied('invalid namespace field payload'),
      );
      expect(await evaluate(policy, metadata, { namespace: ['a', 3] })).toEqual(
        denied('invalid namespace field payload'),
      );
    });
  });

  describe('image registries', () => {
    const policy = { registry_fields: ['image_ref'] };

    it('should allow when the full reference matches a pattern', async () => {
      const metadata = { allowed_image_registries: 'ghcr.io/acme/' };
      expect(await evaluate(policy, metadata, { image_ref: 'ghcr.io/acme/api:1.0' })).toBeNull();
      expect(await evaluate(policy, metadata, { image_ref: 'ghcr.io/other/api:1.0' })).toEqual(
        denied('registry not allowed'),
      );
    });

    it('should allow when the registry host of the reference matches a pattern', async () => {
      const metadata = { allowed_image_registries: 'ghcr.io,localhost:5000' };
      expect(await evaluate(policy, metadata, { image_ref: 'ghcr.io/acme/api:1.0' })).toBeNull();
      expect(await evaluate(policy, metadata, { image_ref: 'localhost:5000/x' })).toBeNull();
      expect(await evaluate(policy, metadata, { image_ref: 'quay.io/acme/api' })).toEqual(
        denied('registry not allowed'),
      );
    });

    it('should treat references without a registry host as docker.io', async () => {
      const metadata = { allowed_image_registries: 'docker.io' };
      expect(await evaluate(policy, metadata, { image_ref: 'alpine' })).toBeNull();
      expect(await evaluate(policy, metadata, { image_ref: 'library/alpine:3.20' })).toBeNull();
      expect(
        await evaluate(policy, { allowed_image_registries: 'ghcr.io' }, { image_ref: 'alpine' }),
      ).toEqual(denied('registry not allowed'));
    });

    it('should deny with invalid registry field payload when the value is not a string or string array', async () => {
      expect(
        await evaluate(policy, { allowed_image_registries: 'ghcr.io' }, { image_ref: { a: 'b' } }),
      ).toEqual(denied('invalid registry field payload'));
    });
  });

  describe('conditional registry check (registry_requires_flag)', () => {
    const policy = { registry_fields: ['tag'], registry_requires_flag: 'push' };
    const metadata = { allowed_image_registries: 'ghcr.io' };

    it('should skip the registry check when the flag arg is absent or not true', async () => {
      expect(await evaluate(policy, metadata, { tag: 'quay.io/acme/api' })).toBeNull();
      expect(await evaluate(policy, metadata, { tag: 'quay.io/acme/api', push: false })).toBeNull();
      expect(
        await evaluate(policy, metadata, { tag: 'quay.io/acme/api', push: 'true' }),
      ).toBeNull();
    });

    it('should check the tag when the flag arg is true', async () => {
      expect(await evaluate(policy, metadata, { tag: 'ghcr.io/acme/api', push: true })).toBeNull();
      expect(await evaluate(policy, metadata, { tag: 'quay.io/acme/api', push: true })).toEqual(
        denied('registry not allowed'),
      );
    });

    it('should check the default tag when the flag is true and the tag is absent', async () => {
      expect(await evaluate(policy, metadata, { push: true })).toEqual(
        denied('registry not allowed'),
      );
      expect(await evaluate(policy, metadata, { push: true, tag: null })).toEqual(
        denied('registry not allowed'),
      );
      expect(await evaluate(policy, metadata, { push: true, tag: '  ' })).toEqual(
        denied('registry not allowed'),
      );
      expect(
        await evaluate(policy, { allowed_image_registries: 'workspace.local' }, { push: true }),
      ).toBeNull();
    });

    it('should match the default tag built from the session id', async () => {
      const exact = { allowed_image_registries: `workspace.local/workspace:${SESSION_ID}` };
      const other = { allowed_image_registries: 'workspace.local/workspace:session-ffff' };
      expect(await evaluate(policy, exact, { push: true })).toBeNull();
      expect(await evaluate(policy, other, { push: true })).toEqual(denied('registry not allowed'));
    });
  });

  describe('rule order', () => {
    const policy: PolicyBindings = {
      profile_fields: [{ field: 'profile_id' }],
      subject_fields: [{ field: 'subject' }],
      topic_fields: [{ field: 'topic' }],
      queue_fields: [{ field: 'queue' }],
      key_prefix_fields: [{ field: 'key' }],
      namespace_fields: ['namespace'],
      registry_fields: ['image_ref'],
    };
    const metadata = {
      allowed_profiles: 'p',
      allowed_nats_subjects: 's',
      allowed_kafka_topics: 't',
      allowed_rabbit_queues: 'q',
      allowed_redis_key_prefixes: 'k',
      allowed_k8s_namespaces: 'n',
      allowed_image_registries: 'r.io',
    };
    const allGood = {
      profile_id: 'p',
      subject: 's',
      topic: 't',
      queue: 'q',
      key: 'k1',
      namespace: 'n',
      image_ref: 'r.io/x',
    };

    it('should allow when every allowlist matches', async () => {
      expect(await evaluate(policy, metadata, allGood)).toBeNull();
    });

    it.each([
      [{ profile_id: 'x', subject: 'x' }, 'profile not allowed'],
      [{ subject: 'x', topic: 'x' }, 'subject not allowed'],
      [{ topic: 'x', queue: 'x' }, 'topic not allowed'],
      [{ queue: 'x', key: 'x' }, 'queue not allowed'],
      [{ key: 'x', namespace: 'x' }, 'key prefix not allowed'],
      [{ namespace: 'x', image_ref: 'x' }, 'namespace not allowed'],
      [{ image_ref: 'x.io/y' }, 'registry not allowed'],
    ])(
      'should report the earliest failing allowlist when args %j break it',
      async (broken, message) => {
        const args = { ...allGood, ...broken };
        expect(await evaluate(policy, metadata, args)).toEqual(denied(message));
      },
    );
  });
});
