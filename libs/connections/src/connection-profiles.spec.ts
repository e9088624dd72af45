import { failureOf } from '#app/connections/testing';
import { ConnectionProfiles } from './connection-profiles.js';

const custom = {
  connection_profiles_json: JSON.stringify([
    { id: 'team.nats', kind: 'nats', scopes: { subjects: ['team.>'] } },
    { id: 'team.rabbit', kind: 'rabbit' },
    { id: 'team.mongo', kind: 'mongodb' },
    { id: 'team.api', kind: 'api' },
    { id: 'constructor', kind: 'nats' },
  ]),
};

describe('ConnectionProfiles', () => {
  const profiles = new ConnectionProfiles({ endpoints: { 'team.nats': ' nats://10.0.0.7:4222 ' }, hostAllowlist: null });

  it('should answer not_found when the profile is unknown or not visible (step 1)', async () => {
    expect(await failureOf(Promise.resolve().then(() => profiles.describe(custom, 'nope')))).toEqual({
      code: 'not_found',
      message: 'connection profile not found: nope',
      retryable: false,
    });
    const hidden = { ...custom, allowed_profiles: 'team.rabbit' };
    expect((await failureOf(Promise.resolve().then(() => profiles.profileFor(hidden, 'team.nats', 'nats')))).code).toBe(
      'not_found',
    );
  });

  it('should refuse a profile of another kind and accept the kind aliases (step 2)', async () => {
    expect(await failureOf(Promise.resolve().then(() => profiles.profileFor(custom, 'team.nats', 'redis')))).toEqual({
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
    expect(profiles.resolve({}, 'dev.redis', 'redis').endpoint).toBe('valkey.swe-ai-fleet.svc.cluster.local:6379');
  });

  it('should answer execution_failed when no endpoint is configured, even for an inherited key (step 5)', async () => {
    for (const id of ['team.rabbit', 'constructor']) {
      const kind = id === 'team.rabbit' ? 'rabbitmq' : 'nats';
      expect(await failureOf(Promise.resolve().then(() => profiles.resolve(custom, id, kind)))).toEqual({
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
    });
    expect((await failureOf(Promise.resolve().then(() => guarded.resolve(custom, 'team.nats', 'nats')))).message).toBe(
      'nats profile endpoint not configured',
    );
    expect((await failureOf(Promise.resolve().then(() => guarded.resolve({}, 'dev.redis', 'redis')))).message).toBe(
      'redis profile endpoint not configured',
    );
    expect(guarded.resolve({}, 'dev.nats', 'nats').endpoint).toBe('nats://nats.swe-ai-fleet.svc.cluster.local:4222');
  });

  it('should ignore endpoint overrides in session metadata', () => {
    const metadata = { connection_profile_endpoints_json: '{"dev.nats":"nats://evil:4222"}' };
    expect(profiles.resolve(metadata, 'dev.nats', 'nats').endpoint).toBe('nats://nats.swe-ai-fleet.svc.cluster.local:4222');
  });
});
