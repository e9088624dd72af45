import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11 finding 17: a name outside Latin-1 made the download answer a malformed `500 OK`.
// Content-Disposition now carries an ASCII fallback and an RFC 5987 `filename*`; control and bidi
// characters are dropped from names where they are made and where they are served.

const BIDI_OR_CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

interface Download {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('artifact names in downloads (issue 11 finding 17)', () => {
  let t: TestApp;
  let session: string;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 't', actor_id: 'a' } },
    });
    session = created.body.session.id;
    const written = await t.request('POST', `/v1/sessions/${session}/tools/fs.write_file/invoke`, {
      body: { approved: true, args: { path: 'report.txt', content: 'contenido' } },
    });
    expect(written.status).toBe(200);
  });
  afterAll(() => t.close());

  // Over a real socket: inject would not show what Node writes on the wire.
  const download = (path: string): Promise<Download> =>
    new Promise((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end();
    });

  const upload = async (args: Record<string, unknown>) => {
    const response = await t.request(
      'POST',
      `/v1/sessions/${session}/tools/artifact.upload/invoke`,
      {
        body: { args: { path: 'report.txt', ...args } },
      },
    );
    expect(response.status).toBe(200);
    const artifact = response.body.invocation.artifacts[0] as {
      name: string;
      download_path: string;
    };
    return { invocation: response.body.invocation.id as string, artifact };
  };

  /** RFC 5987/8187 ext-value decoding, as a browser does it. */
  const decodeExtended = (header: string): string | null => {
    const match = /filename\*=UTF-8''([^;\s]+)/i.exec(header);
    return match ? decodeURIComponent(match[1]) : null;
  };

  it.each([
    ['CJK', '报告.txt', '报告.txt'],
    ['emoji', 'résumé 🚀.txt', 'résumé 🚀.txt'],
    ['an RTL override', 'invoice\u202Etxt.exe', 'invoicetxt.exe'],
    ['bidi isolates and marks', '\u2067a\u200Fb\u2069\u061C.txt', 'ab.txt'],
    ['CR/LF', 'a\r\nSet-Cookie: x=1.txt', 'aSet-Cookie: x=1.txt'],
    ['quotes', 'say "hi".txt', 'say "hi".txt'],
    ['a backslash inside a name', 'a\\b.txt', 'b.txt'],
    ['C1 controls and line separators', 'a\u0085b\u2028c\u2029.txt', 'abc.txt'],
    ['only unsafe characters', '\u202E\u0000', 'artifact.bin'],
  ])('should store and serve a name with %s safely', async (_label, name, stored) => {
    const { artifact } = await upload({ name });
    expect(artifact.name).toBe(stored);
    expect(artifact.name).not.toMatch(BIDI_OR_CONTROL);

    const response = await download(artifact.download_path);

    expect(response.status).toBe(200);
    expect(response.body.toString('utf8')).toBe('contenido');
    const disposition = response.headers['content-disposition'] as string;
    expect(disposition).toMatch(
      /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$/,
    );
    const fallback = /filename="([^"]*)"/.exec(disposition)![1];
    expect(fallback).not.toMatch(/["\\%]/);
    expect(fallback).toHaveLength([...stored].length);
    expect(decodeExtended(disposition)).toBe(stored);
  });

  it('should keep the ASCII name unchanged in both parameters', async () => {
    const { artifact } = await upload({ name: 'report-1.json' });
    const response = await download(artifact.download_path);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="report-1.json"; filename*=UTF-8''report-1.json`,
    );
  });

  it.each(['text/plain\r\nX-Injected: 1', 'text/plain\u00e9', 'not a media type', ''])(
    'should serve a stored content type that is not a valid media type (%j) as application/octet-stream',
    async (contentType) => {
      const { artifact } = await upload({ name: 'x.bin', content_type: contentType });
      const response = await download(artifact.download_path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/octet-stream');
      expect(response.headers['x-injected']).toBeUndefined();
    },
  );

  it('should keep a valid content type with parameters', async () => {
    const { artifact } = await upload({ name: 'x.txt', content_type: 'text/plain; charset=utf-8' });
    expect((await download(artifact.download_path)).headers['content-type']).toBe(
      'text/plain; charset=utf-8',
    );
  });
});
