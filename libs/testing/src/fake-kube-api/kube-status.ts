import type { ServerResponse } from 'node:http';

/** A `Status` body as the real API server sends it with an error code. */
export function sendStatus(
  response: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details: object = {},
): void {
  sendJson(response, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    details,
    code,
  });
}

export function sendJson(response: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Equality-based selectors (`a=b,c=d`, `a==b`, `a!=b`) over a flat map. */
export function matchesSelector(
  selector: string | null,
  values: Record<string, string | undefined>,
): boolean {
  if (!selector) {
    return true;
  }
  return selector.split(',').every((term) => {
    const negated = term.includes('!=');
    const [key = '', value = ''] = term.split(/!=|==|=/).map((part) => part.trim());
    return negated ? values[key] !== value : values[key] === value;
  });
}
