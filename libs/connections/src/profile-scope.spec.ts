import { failureOf } from '#app/connections/testing';
import type { ConnectionProfile } from './connection-profile.js';
import {
  assertInMetadataAllowlist,
  assertInScope,
  assertWritable,
  keyPrefixMatcher,
  patternMatcher,
  scopeList,
  subjectMatcher,
} from './profile-scope.js';

const profile: ConnectionProfile = {
  id: 'p',
  kind: 'nats',
  description: '',
  read_only: true,
  scopes: {
    subjects: ['sandbox.>'],
    queues: ['jobs.'],
    key_prefixes: ['app:'],
    paths: ['/v1/'],
    empty: [],
  },
};

describe('assertInScope', () => {
  it('should pass a value that matches the scope list with the family matcher', () => {
    expect(() =>
      assertInScope(profile, 'subjects', 'sandbox.a.b', subjectMatcher, 'subject'),
    ).not.toThrow();
    expect(() =>
      assertInScope(profile, 'queues', 'jobs.high', patternMatcher, 'queue'),
    ).not.toThrow();
    expect(() =>
      assertInScope(profile, 'key_prefixes', 'app:1', keyPrefixMatcher, 'key'),
    ).not.toThrow();
  });

  it('should deny with the thing named when the value is outside, or the list is missing or empty', async () => {
    const deny = (scope: string, value: string): Promise<unknown> =>
      failureOf(
        Promise.resolve().then(() => assertInScope(profile, scope, value, patternMatcher, 'queue')),
      );
    expect(await deny('queues', 'prod.jobs')).toEqual({
      code: 'policy_denied',
      message: 'queue outside profile allowlist',
      retryable: false,
    });
    expect(await deny('empty', 'x')).toMatchObject({ code: 'policy_denied' });
    expect(await deny('topics', 'x')).toMatchObject({ code: 'policy_denied' });
  });

  it('should allow every key when the prefix list holds *', () => {
    expect(keyPrefixMatcher('*', 'anything')).toBe(true);
  });
});

describe('scopeList', () => {
  it('should fall back from routes to paths', () => {
    expect(scopeList(profile, 'routes')).toEqual(['/v1/']);
  });
});

describe('assertWritable', () => {
  it('should refuse a read-only profile', async () => {
    expect(await failureOf(Promise.resolve().then(() => assertWritable(profile)))).toEqual({
      code: 'policy_denied',
      message: 'profile is read_only',
      retryable: false,
    });
    expect(() => assertWritable({ ...profile, read_only: false })).not.toThrow();
  });
});

describe('keyPrefixMatcher', () => {
  it('should never treat an empty entry as a prefix of every key', () => {
    expect(keyPrefixMatcher('', 'prod:secret')).toBe(false);
    expect(keyPrefixMatcher('*', 'prod:secret')).toBe(true);
    expect(keyPrefixMatcher('dev:', 'dev:a')).toBe(true);
  });
});

describe('assertInMetadataAllowlist', () => {
  it('should allow anything when the list is absent, empty or holds *', () => {
    expect(() =>
      assertInMetadataAllowlist({}, 'allowed_nats_subjects', 'a.b', subjectMatcher, 'subject'),
    ).not.toThrow();
    expect(() =>
      assertInMetadataAllowlist(
        { allowed_nats_subjects: ' , ' },
        'allowed_nats_subjects',
        'a',
        subjectMatcher,
        'subject',
      ),
    ).not.toThrow();
    expect(() =>
      assertInMetadataAllowlist(
        { allowed_nats_subjects: 'x,*' },
        'allowed_nats_subjects',
        'a',
        subjectMatcher,
        'subject',
      ),
    ).not.toThrow();
  });

  it('should refuse a value no item matches, including the empty string', () => {
    for (const value of ['dev.>', '']) {
      expect(() =>
        assertInMetadataAllowlist(
          { allowed_nats_subjects: 'dev.*' },
          'allowed_nats_subjects',
          value,
          subjectMatcher,
          'subject',
        ),
      ).toThrow('subject not allowed');
    }
  });
});

describe('subjectMatcher', () => {
  it('should admit reserved subjects ($JS, $SYS, _INBOX) only through a literal first token', () => {
    expect(subjectMatcher('>', '$JS.API.STREAM.DELETE.ORDERS')).toBe(false);
    expect(subjectMatcher('*.API.>', '$JS.API.INFO')).toBe(false);
    expect(subjectMatcher('>', '_INBOX.abc')).toBe(false);
    expect(subjectMatcher('$JS.API.>', '$JS.API.INFO')).toBe(true);
    expect(subjectMatcher('>', 'dev.orders')).toBe(true);
  });
});
