import type { InvocationEvent } from '#app/stores';

/**
 * One `text/event-stream` frame (API.md 5.17): `id`, `event`, then the data as one line of compact
 * JSON (JSON.stringify never emits a raw newline, so no data line can break the frame).
 */
export function sseFrame({ id, event, data }: InvocationEvent): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const SSE_KEEPALIVE_FRAME = ': keepalive\n\n';
