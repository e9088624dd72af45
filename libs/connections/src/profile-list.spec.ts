import type { ConnectionProfile } from './connection-profile.js';
import { profileList, visibleProfiles } from './profile-list.js';

describe('profileList', () => {
  it('should return the five read-only built-in profiles sorted by id when no custom list is set', () => {
    const list = profileList({});
    expect(list.map((profile) => profile.id)).toEqual([
      'dev.kafka',
      'dev.mongo',
      'dev.nats',
      'dev.rabbit',
      'dev.redis',
    ]);
    expect(list.every((profile) => profile.read_only)).toBe(true);
    expect(list.find((profile) => profile.id === 'dev.rabbit')).toEqual({
      id: 'dev.rabbit',
      kind: 'rabbitmq',
      description: 'Development RabbitMQ',
      read_only: true,
      scopes: { queues: ['sandbox.', 'dev.'] },
    });
  });

  it('should replace the built-in list and apply defaults when the custom list has a valid entry', () => {
    const json = JSON.stringify([
      { id: 'z.redis', kind: 'redis' },
      {
        id: 'a.nats',
        kind: 'nats',
        description: 'A',
        read_only: true,
        scopes: { subjects: ['a.>'], bad: 'x' },
      },
      { id: '', kind: 'nats' },
      { kind: 'nats' },
      'text',
      { id: 'a.nats', kind: 'kafka' },
    ]);
    expect(profileList({ connection_profiles_json: json })).toEqual([
      {
        id: 'a.nats',
        kind: 'nats',
        description: 'A',
        read_only: true,
        scopes: { subjects: ['a.>'] },
      },
      { id: 'z.redis', kind: 'redis', description: '', read_only: false, scopes: {} },
    ]);
  });

  it.each(['not json', '{"id":"x","kind":"nats"}', '[]', '[{"id":"x"}]', '  '])(
    'should fall back to the built-in list when the custom list is %p',
    (json) => {
      expect(profileList({ connection_profiles_json: json })).toHaveLength(5);
    },
  );

  it('should never let a caller mutate the built-in list', () => {
    profileList({})[0].scopes['topics'].push('prod.');
    expect(profileList({})[0].scopes['topics']).toEqual(['sandbox.', 'dev.']);
  });
});

describe('visibleProfiles', () => {
  it('should filter by allowed_profiles when the list is restrictive', () => {
    expect(
      visibleProfiles({ allowed_profiles: ' dev.nats , dev.redis' }).map((profile) => profile.id),
    ).toEqual(['dev.nats', 'dev.redis']);
  });

  it('should show everything when allowed_profiles is empty or holds *', () => {
    expect(visibleProfiles({ allowed_profiles: '' })).toHaveLength(5);
    expect(visibleProfiles({ allowed_profiles: 'dev.nats,*' })).toHaveLength(5);
  });
});

describe('profileList narrowing of server profiles (CATALOG.md 3.11)', () => {
  const server: ConnectionProfile[] = [
    {
      id: 'team.api',
      kind: 'api',
      description: 'Team API',
      read_only: false,
      scopes: { paths: ['/v1/'] },
    },
    {
      id: 'team.rabbit',
      kind: 'rabbitmq',
      description: 'Team RabbitMQ',
      read_only: false,
      scopes: { queues: ['team.'] },
    },
  ];
  const narrowed = (entries: unknown[]) =>
    profileList({ connection_profiles_json: JSON.stringify(entries) }, server);

  it('should keep the server description and kind, accept a kind alias and only narrow read_only', () => {
    const [profile] = narrowed([
      { id: 'team.rabbit', kind: 'rabbit', description: 'mine', read_only: false },
    ]);
    expect(profile).toEqual({
      id: 'team.rabbit',
      kind: 'rabbitmq',
      description: 'Team RabbitMQ',
      read_only: false,
      scopes: { queues: ['team.'] },
    });
    expect(narrowed([{ id: 'team.rabbit', kind: 'rabbitmq', read_only: true }])[0]?.read_only).toBe(
      true,
    );
  });

  it('should replace only scopes the server profile has (routes counting paths) and drop the others', () => {
    const [profile] = narrowed([
      {
        id: 'team.api',
        kind: 'http',
        scopes: { routes: ['/v1/items'], subjects: ['>'], exchanges: ['*'] },
      },
    ]);
    expect(profile?.scopes).toEqual({ paths: ['/v1/'], routes: ['/v1/items'] });
  });

  it('should ignore endpoint, host and credential members of an entry', () => {
    const [profile] = narrowed([
      {
        id: 'team.api',
        kind: 'api',
        endpoint: 'http://evil:1',
        host_allowlist: ['*'],
        password: 'x',
      },
    ]);
    expect(Object.keys(profile ?? {}).sort()).toEqual([
      'description',
      'id',
      'kind',
      'read_only',
      'scopes',
    ]);
  });
});
