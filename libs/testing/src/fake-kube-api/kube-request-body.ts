import type { IncomingMessage } from 'node:http';
import type { KubeObject } from './kube-object.js';

/** The request's JSON body; none (or only whitespace) reads as undefined. */
export async function readKubeRequestBody(
  request: IncomingMessage,
): Promise<KubeObject | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) {
    return undefined;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? undefined : (JSON.parse(text) as KubeObject);
}
