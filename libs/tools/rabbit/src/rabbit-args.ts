import {
  assertInMetadataAllowlist,
  assertInScope,
  type ConnectionProfile,
  type ConnectionProfiles,
  patternMatcher,
  type ScopeMatcher,
} from '#app/connections';
import { AppException } from '#app/errors';

/** Session metadata allowlists of the rabbit family (API.md 7.6 / 8.6). */
export const QUEUES_METADATA_KEY = 'allowed_rabbit_queues';
export const EXCHANGES_METADATA_KEY = 'allowed_rabbit_exchanges';

// AMQP 0-9-1 short string rules for names, as RabbitMQ enforces them for exchanges and queues.
const AMQP_NAME = /^[A-Za-z0-9_.:-]{1,255}$/;
// The default exchange by its two names: its routing key *is* the destination queue.
const DEFAULT_EXCHANGES = ['', 'amq.default'];

/** Steps 1–2 of CATALOG.md 3.11 plus the queue checks shared by the three tools. */
export function rabbitProfile(
  profiles: ConnectionProfiles,
  metadata: Readonly<Record<string, string>>,
  args: { readonly profile_id: string; readonly queue: string },
): { profile: ConnectionProfile; queue: string } {
  const profile = profiles.profileFor(metadata, args.profile_id, 'rabbitmq');
  const queue = args.queue;
  assertQueueAllowed(profile, metadata, queue);
  return { profile, queue };
}

/**
 * A queue name the call reads from or delivers to: a valid AMQP name (an empty name would mean
 * "the last queue declared on the channel"), inside the session allowlist (repeated here because
 * the policy step skips empty values and never sees a routing key) and the profile's `queues`.
 *
 * @throws AppException `invalid_argument` `invalid queue name`; `policy_denied` `queue not allowed`
 *   / `queue outside profile allowlist`
 */
export function assertQueueAllowed(
  profile: ConnectionProfile,
  metadata: Readonly<Record<string, string>>,
  queue: string,
): void {
  if (!AMQP_NAME.test(queue)) {
    throw new AppException('invalid_argument', 'invalid queue name');
  }
  assertInMetadataAllowlist(metadata, QUEUES_METADATA_KEY, queue, patternMatcher, 'queue');
  assertInScope(profile, 'queues', queue, patternMatcher, 'queue');
}

/**
 * Where `rabbit.publish` sends the message (CATALOG.md 13 "Routing governance"). On the default
 * exchange (`""` or `amq.default`) the routing key names the destination queue, so it must equal
 * `queue` (already checked). A named exchange must pass the session allowlist
 * `allowed_rabbit_exchanges` and the profile's `exchanges` scope (missing = none allowed); the
 * broker's `amq.*` exchanges (`amq.direct`, `amq.topic`, `amq.fanout`, `amq.headers`, `amq.match`,
 * …) route to any queue bound to them, so only an exact entry admits one, never a wildcard.
 *
 * @throws AppException `invalid_argument` `invalid exchange name` /
 *   `routing_key must equal queue on the default exchange`; `policy_denied` `exchange not allowed`
 *   / `exchange outside profile allowlist`
 */
export function assertRouteAllowed(
  profile: ConnectionProfile,
  metadata: Readonly<Record<string, string>>,
  queue: string,
  exchange: string,
  routingKey: string,
): void {
  if (DEFAULT_EXCHANGES.includes(exchange)) {
    if (routingKey !== queue) {
      throw new AppException(
        'invalid_argument',
        'routing_key must equal queue on the default exchange',
      );
    }
    return;
  }
  if (!AMQP_NAME.test(exchange)) {
    throw new AppException('invalid_argument', 'invalid exchange name');
  }
  assertInMetadataAllowlist(
    metadata,
    EXCHANGES_METADATA_KEY,
    exchange,
    exchangeMatcher,
    'exchange',
  );
  assertInScope(profile, 'exchanges', exchange, exchangeMatcher, 'exchange');
}

// Pattern rules, except that a broker-defined `amq.*` exchange needs an exact entry.
const exchangeMatcher: ScopeMatcher = (entry, exchange) =>
  exchange.startsWith('amq.') ? entry === exchange : patternMatcher(entry, exchange);

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
