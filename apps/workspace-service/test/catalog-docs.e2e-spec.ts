import { readFileSync } from 'node:fs';
import { generateCatalogDocs } from '../src/catalog-docs.js';

describe('docs/CAPABILITY_CATALOG.md', () => {
  it('should match the catalog the service serves (run `npm run catalog-docs` when this fails)', async () => {
    const committed = readFileSync('docs/CAPABILITY_CATALOG.md', 'utf8');
    expect(committed).toBe(await generateCatalogDocs());
  });
});
