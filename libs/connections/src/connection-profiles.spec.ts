import { failureOf, serverProfiles } from '#app/connections/testing';
import { BUILT_IN_PROFILES } from './built-in-profiles.js';
import { ConnectionProfiles } from './connection-profiles.js';
import { assertInScope, assertWritable, keyPrefixMatcher } from './profile-scope.js';

const entries = [
  { id: 'team.nats', kind: 'nats', scopes: { subjects: ['team.>'] } },
  { id: 'team.rabbit', kind: 'rabbit' },
  { id: 'team.mongo', kind: 'mongodb' },
  { id: 'team.api', kind: 'api' },
  { id: 'constructor', kind: 'nats' },
];
const custom = { connection_profiles_json: JSON.stringify(entries) };
// The server defines the team profiles and keeps the built-in dev ones.
const server = [...serverProfiles(entries), ...BUILT_IN_PROFILES];

describe('ConnectionProfiles', () => {
  const profiles = new ConnectionProfiles({
    endpoints: { 'team.nats': ' nats://10.0.0.7:4222 ' },
    hostAllowlist: null,
    profiles: server,
  });

  it('should answer not_found when the profile is unknown or not visible (step 1)', async () => {
    expect(
      await failureOf(Promise.resolve().then(() => profiles.describe(custom, 'nope'))),
    ).toEqual({
      code: 'not_found',
      message: 'connection profile not found: nope',
      retryable: false,
    });
    const hidden = { ...custom, allowed_profiles: 'team.rabbit' };
    expect(
      (
        await failureOf(
          Promise.resolve().then(() => profiles.profileFor(hidden, 'team.nats', 'nats')),
        )
      ).code,
    ).toBe('not_found');
  });

  it('should refuse a profile of another kind and accept the kind aliases (step 2)', async () => {
    expect(
      await failureOf(
        Promise.resolve().then(() => profiles.profileFor(custom, 'team.nats', 'redis')),
      ),
    ).toEqual({
      code: 'invalid_argument',
      message: 'profile team.nats has kind nats, expected redis',
      retryable: false,
    });
    expect(profiles.profileFor(custom, 'team.rabbit', 'rabbitmq').id).toBe('team.rabbit');
    expect(profiles.profileFor(custom, 'team.mongo', 'mongo').id).toBe('team.mongo');
    expect(profiles.profileFor(custom, 'team.api', 'http').id).toBe('team.api');
  });

  it('should take the configured endpoint, else the built-in fallback of a dev id (step 3)', () => {
    expect(profiles.resolve(custom, 'team.nats', 'nats').endpoint).toBe('nats://10.0.0.7:4222');
    expect(profiles.resolve({}, 'dev.redis', 'redis').endpoint).toBe(
      'valkey.swe-ai-fleet.svc.cluster.local:6379',
    );
  });

  it('should answer execution_failed when no endpoint is configured, even for an inherited key (step 5)', async () => {
    for (const id of ['team.rabbit', 'constructor']) {
      const kind = id === 'team.rabbit' ? 'rabbitmq' : 'nats';
      expect(
        await failureOf(Promise.resolve().then(() => profiles.resolve(custom, id, kind))),
      ).toEqual({
        code: 'execution_failed',
        message: `${kind} profile endpoint not configured`,
        retryable: false,
      });
    }
  });

  it('should refuse an endpoint whose host is outside the allowlist, or a profile without rules (step 4)', async () => {
    const guarded = new ConnectionProfiles({
      endpoints: { 'team.nats': 'nats://10.0.0.7:4222', 'dev.redis': '127.0.0.1:6379' },
      hostAllowlist: { 'team.nats': ['192.168.0.0/16'], 'dev.nats': ['*.svc.cluster.local'] },
      profiles: server,
    });
    expect(
      (await failureOf(Promise.resolve().then(() => guarded.resolve(custom, 'team.nats', 'nats'))))
        .message,
    ).toBe('nats profile endpoint not configured');
    expect(
      (await failureOf(Promise.resolve().then(() => guarded.resolve({}, 'dev.redis', 'redis'))))
        .message,
    ).toBe('redis profile endpoint not configured');
    expect(guarded.resolve({}, 'dev.nats', 'nats').endpoint).toBe(
      'nats://nats.swe-ai-fleet.svc.cluster.local:4222',
    );
  });

  it('should ignore endpoint overrides in session metadata', () => {
    const metadata = { connection_profile_endpoints_json: '{"dev.nats":"nats://evil:4222"}' };
    expect(profiles.resolve(metadata, 'dev.nats', 'nats').endpoint).toBe(
      'nats://nats.swe-ai-fleet.svc.cluster.local:4222',
    );
  });

  // Issue 11 finding 14: session metadata may narrow a server profile, never widen it.
  describe('server profiles and session narrowing', () => {
    const base = new ConnectionProfiles({
      endpoints: { 'side.redis': '127.0.0.1:6379' },
      hostAllowlist: null,
    });
    const widen = (profile: object) => ({ connection_profiles_json: JSON.stringify([profile]) });

    it('should keep a server profile read-only and its scopes as the ceiling when metadata tries to widen it', () => {
      const metadata = widen({
        id: 'dev.redis',
        kind: 'redis',
        read_only: false,
        scopes: { key_prefixes: ['*'], subjects: ['>'] },
      });
      const profile = base.profileFor(metadata, 'dev.redis', 'redis');
      expect(profile.read_only).toBe(true);
      expect(() => assertWritable(profile)).toThrow('profile is read_only');
      expect(() =>
        assertInScope(profile, 'key_prefixes', 'prod:secret', keyPrefixMatcher, 'key'),
      ).toThrow('key outside profile allowlist');
      expect(() =>
        assertInScope(profile, 'key_prefixes', 'dev:x', keyPrefixMatcher, 'key'),
      ).not.toThrow();
      expect(profile.scopes).not.toHaveProperty('subjects');
    });

    it('should let metadata narrow scopes and set read_only to true', () => {
      const writable = new ConnectionProfiles({
        endpoints: {},
        hostAllowlist: null,
        profiles: serverProfiles([
          {
            id: 'team.redis',
            kind: 'redis',
            read_only: false,
            scopes: { key_prefixes: ['team:'] },
          },
        ]),
      });
      const metadata = widen({
        id: 'team.redis',
        kind: 'redis',
        read_only: true,
        scopes: { key_prefixes: ['team:a:'] },
      });
      const profile = writable.profileFor(metadata, 'team.redis', 'redis');
      expect(profile).toEqual({
        id: 'team.redis',
        kind: 'redis',
        description: '',
        read_only: true,
        scopes: { key_prefixes: ['team:a:'] },
      });
      expect(() =>
        assertInScope(profile, 'key_prefixes', 'team:b:x', keyPrefixMatcher, 'key'),
      ).toThrow('key outside profile allowlist');
      expect(() =>
        assertInScope(profile, 'key_prefixes', 'team:a:x', keyPrefixMatcher, 'key'),
      ).not.toThrow();
    });

    it('should skip an entry that changes the kind of a server profile', () => {
      const metadata = {
        connection_profiles_json: JSON.stringify([
          { id: 'dev.redis', kind: 'nats', scopes: { subjects: ['>'] } },
        ]),
      };
      // No valid entry: the server list applies unchanged.
      expect(base.list(metadata).map((profile) => profile.id)).toHaveLength(5);
      expect(base.profileFor(metadata, 'dev.redis', 'redis').kind).toBe('redis');
    });

    it('should never resolve an endpoint for a profile that only session metadata defines', async () => {
      const metadata = widen({
        id: 'side.redis',
        kind: 'redis',
        read_only: false,
        scopes: { key_prefixes: ['*'] },
      });
      expect(base.profileFor(metadata, 'side.redis', 'redis').read_only).toBe(false);
      expect(
        await failureOf(
          Promise.resolve().then(() => base.resolve(metadata, 'side.redis', 'redis')),
        ),
      ).toEqual({
        code: 'execution_failed',
        message: 'redis profile endpoint not configured',
        retryable: false,
      });
    });

    it('should not resolve a built-in dev endpoint when the server list leaves that profile out', async () => {
      const only = new ConnectionProfiles({
        endpoints: {},
        hostAllowlist: null,
        profiles: BUILT_IN_PROFILES.filter((p) => p.id !== 'dev.redis'),
      });
      const metadata = widen({
        id: 'dev.redis',
        kind: 'redis',
        scopes: { key_prefixes: ['dev:'] },
      });
      expect(
        (
          await failureOf(
            Promise.resolve().then(() => only.resolve(metadata, 'dev.redis', 'redis')),
          )
        ).code,
      ).toBe('execution_failed');
    });

    it('should fail closed when a narrowed profile reaches endpoint resolution as a copy without its server bounds', async () => {
      const metadata = widen({ id: 'dev.redis', kind: 'redis', scopes: { key_prefixes: ['*'] } });
      const copy = { ...base.profileFor(metadata, 'dev.redis', 'redis') };
      expect(
        await failureOf(Promise.resolve().then(() => base.endpointFor(copy, 'redis'))),
      ).toMatchObject({ code: 'execution_failed' });
      expect(base.endpointFor(base.profileFor(metadata, 'dev.redis', 'redis'), 'redis')).toBe(
        'valkey.swe-ai-fleet.svc.cluster.local:6379',
      );
    });
  });
});
