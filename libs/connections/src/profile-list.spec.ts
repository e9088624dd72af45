import { profileList, visibleProfiles } from './profile-list.js';

describe('profileList', () => {
  it('should return the five read-only built-in profiles sorted by id when no custom list is set', () => {
    const list = profileList({});
    expect(list.map((profile) => profile.id)).toEqual(['dev.kafka', 'dev.mongo', 'dev.nats', 'dev.rabbit', 'dev.redis']);
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
      { id: 'a.nats', kind: 'nats', description: 'A', read_only: true, scopes: { subjects: ['a.>'], bad: 'x' } },
      { id: '', kind: 'nats' },
      { kind: 'nats' },
      'text',
      { id: 'a.nats', kind: 'kafka' },
    ]);
    expect(profileList({ connection_profiles_json: json })).toEqual([
      { id: 'a.nats', kind: 'nats', description: 'A', read_only: true, scopes: { subjects: ['a.>'] } },
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
    profileList({})[0]!.scopes['topics']!.push('prod.');
    expect(profileList({})[0]!.scopes['topics']).toEqual(['sandbox.', 'dev.']);
  });
});

describe('visibleProfiles', () => {
  it('should filter by allowed_profiles when the list is restrictive', () => {
    expect(visibleProfiles({ allowed_profiles: ' dev.nats , dev.redis' }).map((profile) => profile.id)).toEqual([
      'dev.nats',
      'dev.redis',
    ]);
  });

  it('should show everything when allowed_profiles is empty or holds *', () => {
    expect(visibleProfiles({ allowed_profiles: '' })).toHaveLength(5);
    expect(visibleProfiles({ allowed_profiles: 'dev.nats,*' })).toHaveLength(5);
  });
});
