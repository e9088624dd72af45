/** Stream sequence and pending count carried by a JetStream delivery's reply subject. */
export interface DeliveryInfo {
  streamSequence: number;
  pending: number;
}

/**
 * Parses `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>` (9 tokens) and
 * the newer `$JS.ACK.<domain>.<hash>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>[.<token>]`
 * (11 or 12 tokens). Anything else yields `undefined`.
 */
export function parseDeliveryReply(reply: string | undefined): DeliveryInfo | undefined {
  const tokens = reply?.split('.') ?? [];
  if (tokens[0] !== '$JS' || tokens[1] !== 'ACK') {
    return undefined;
  }
  const base = tokens.length === 9 ? 2 : tokens.length === 11 || tokens.length === 12 ? 4 : -1;
  if (base < 0) {
    return undefined;
  }
  const streamSequence = Number(tokens[base + 3]);
  const pending = Number(tokens[base + 6]);
  return Number.isSafeInteger(streamSequence) && Number.isSafeInteger(pending)
    ? { streamSequence, pending }
    : undefined;
}
