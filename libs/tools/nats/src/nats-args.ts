import { AppException } from '#app/errors';
import { hasNatsWildcard, isValidNatsSubject } from '#app/policy';
import {
  assertInMetadataAllowlist,
  assertInScope,
  type ConnectionProfile,
  type ConnectionProfiles,
  subjectMatcher,
} from '#app/connections';

/**
 * Steps 1–2 of CATALOG.md 3.11 plus the subject checks shared by the three tools: a valid subject
 * (no empty token, no whitespace, wildcards only as whole tokens), no wildcard at all when it is
 * published to (`wildcards: false`), and every subject it can match inside the profile scope.
 *
 * @throws AppException `invalid_argument` `invalid subject` / `subject must not contain wildcards`
 */
export function natsProfile(
  profiles: ConnectionProfiles,
  metadata: Readonly<Record<string, string>>,
  args: { readonly profile_id: string; readonly subject: string },
  { wildcards }: { wildcards: boolean },
): { profile: ConnectionProfile; subject: string } {
  const profile = profiles.profileFor(metadata, args.profile_id, 'nats');
  const subject = args.subject;
  if (!isValidNatsSubject(subject)) {
    throw new AppException('invalid_argument', 'invalid subject');
  }
  if (!wildcards && hasNatsWildcard(subject)) {
    throw new AppException('invalid_argument', 'subject must not contain wildcards');
  }
  // The policy step skips an empty list; the handler repeats the metadata check so no path
  // reaches the server with a subject the session allowlist does not cover.
  assertInMetadataAllowlist(metadata, 'allowed_nats_subjects', subject, subjectMatcher, 'subject');
  assertInScope(profile, 'subjects', subject, subjectMatcher, 'subject');
  return { profile, subject };
}
