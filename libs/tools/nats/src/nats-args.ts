import type { JsonObject } from '#app/contracts';
import {
  assertInScope,
  type ConnectionProfile,
  type ConnectionProfiles,
  readString,
  subjectMatcher,
} from '#app/connections';

/** Steps 1–2 of CATALOG.md 3.11 plus the subject scope check shared by the three tools. */
export function natsProfile(
  profiles: ConnectionProfiles,
  metadata: Readonly<Record<string, string>>,
  args: JsonObject,
): { profile: ConnectionProfile; subject: string } {
  const profile = profiles.profileFor(metadata, readString(args, 'profile_id'), 'nats');
  const subject = readString(args, 'subject');
  assertInScope(profile, 'subjects', subject, subjectMatcher, 'subject');
  return { profile, subject };
}

/** `utf8` (also `utf-8`) or `base64`. */
export const PAYLOAD_ENCODINGS = ['utf8', 'utf-8', 'base64'];
