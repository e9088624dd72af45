import { readFileSync } from 'node:fs';
import {
  CLIENT_TYPES_PATH,
  fetchServedOpenApiDocument,
  renderClientTypes,
} from '../tools/client-types.js';

describe('libs/client generated types', () => {
  it('should match the OpenAPI document the service serves', async () => {
    const committed = readFileSync(CLIENT_TYPES_PATH, 'utf8');
    const fresh = await renderClientTypes(await fetchServedOpenApiDocument());
    if (committed !== fresh) {
      throw new Error('stale client types: run npm run client:generate');
    }
  });

  it('should type the routes of the served document, so a document change shows up as a diff', async () => {
    const document = await fetchServedOpenApiDocument();
    const rendered = await renderClientTypes(document);
    for (const path of Object.keys(document.paths ?? {})) {
      expect(rendered).toContain(`"${path}": {`);
    }
    // A changed document renders differently: the comparison above can fail.
    const changed = structuredClone(document);
    changed.paths = { ...changed.paths, '/v1/extra': { get: { responses: {} } } };
    expect(await renderClientTypes(changed)).not.toBe(rendered);
  });
});
