import type { JsonObject } from '#app/contracts';
import {
  assertInScope,
  type ConnectionProfile,
  type ConnectionProfiles,
  patternMatcher,
  readString,
} from '#app/connections';
import { AppException } from '#app/errors';

/** Steps 1–2 of CATALOG.md 3.11 plus the queue scope check shared by the three tools. */
export function rabbitProfile(
  profiles: ConnectionProfiles,
  metadata: Readonly<Record<string, string>>,
  args: JsonObject,
): { profile: ConnectionProfile; queue: string } {
  const profile = profiles.profileFor(metadata, readString(args, 'profile_id'), 'rabbitmq');
  const queue = readString(args, 'queue');
  assertInScope(profile, 'queues', queue, patternMatcher, 'queue');
  return { profile, queue };
}

/** A passive declare of a missing queue closes the channel with 404 NOT_FOUND. */
export function mapQueueError(error: unknown): unknown {
  if (isAmqpError(error) && error.code === 404) {
    return new AppException('not_found', 'queue not found');
  }
  return error;
}

function isAmqpError(error: unknown): error is Error & { code: unknown } {
  return error instanceof Error && 'code' in error;
}
