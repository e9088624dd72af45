import {
  assertInScope,
  type ConnectionProfile,
  type ConnectionProfiles,
  patternMatcher,
} from '#app/connections';

/** Steps 1–2 of CATALOG.md 3.11 plus the topic scope check shared by the three tools. */
export function kafkaProfile(
  profiles: ConnectionProfiles,
  metadata: Readonly<Record<string, string>>,
  args: { readonly profile_id: string; readonly topic: string },
): { profile: ConnectionProfile; topic: string } {
  const profile = profiles.profileFor(metadata, args.profile_id, 'kafka');
  const topic = args.topic;
  assertInScope(profile, 'topics', topic, patternMatcher, 'topic');
  return { profile, topic };
}

/** CATALOG.md 12: a comma-separated broker list; `kafka://` and `tcp://` prefixes are stripped. */
export function brokerList(endpoint: string): string[] {
  return endpoint
    .split(',')
    .map((item) =>
      item
        .trim()
        .replace(/^(kafka|tcp):\/\//i, '')
        .replace(/\/+$/, ''),
    )
    .filter((item) => item !== '');
}
