import {
  assertInScope,
  type ConnectionProfile,
  type ConnectionProfiles,
  type ScopeMatcher,
} from '#app/connections';

/**
 * CATALOG.md 15: database entries are `*`, an exact name or a glob with a single `*`. Stricter
 * than the topic/queue pattern rules on purpose: no prefix forms.
 */
export const databaseMatcher: ScopeMatcher = (entry, database) => {
  if (entry === '*' || entry === database) {
    return true;
  }
  const parts = entry.split('*');
  if (parts.length !== 2) {
    return false;
  }
  const [head, tail] = parts as [string, string];
  return (
    database.length >= head.length + tail.length &&
    database.startsWith(head) &&
    database.endsWith(tail)
  );
};

/** Steps 1–2 of CATALOG.md 3.11 plus the database scope check; collections are not governed. */
export function mongoTarget(
  profiles: ConnectionProfiles,
  metadata: Readonly<Record<string, string>>,
  args: { readonly profile_id: string; readonly database: string; readonly collection: string },
): { profile: ConnectionProfile; database: string; collection: string } {
  const profile = profiles.profileFor(metadata, args.profile_id, 'mongo');
  const database = args.database;
  assertInScope(profile, 'databases', database, databaseMatcher, 'database');
  return { profile, database, collection: args.collection };
}
