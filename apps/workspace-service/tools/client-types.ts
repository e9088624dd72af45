import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { loadAppConfig } from '#app/config';
import { JsonLogger } from '#app/observability';
import { createApp } from '../src/create-app.js';

// Build tooling, not the service: it lives outside src/ because it loads openapi-typescript, a
// devDependency the production image does not install (deploy-assets.e2e-spec.ts checks src/).

/** Where the typed client library keeps its generated types (committed, checked by a test). */
export const CLIENT_TYPES_PATH = 'libs/client/src/generated/openapi.d.ts';

/**
 * The OpenAPI document exactly as a running service serves it: the app is built as main builds it
 * and `GET /openapi.json` is asked through Fastify's inject. Reading the served document (rather
 * than importing its builder) keeps the client types right whatever produces the document.
 */
export async function fetchServedOpenApiDocument(): Promise<OpenAPI3> {
  const root = mkdtempSync(join(tmpdir(), 'wes-client-types-'));
  try {
    // A fixed version: the document's info.version must not make the committed types depend on
    // the WORKSPACE_VERSION of whoever regenerates them.
    const config = loadAppConfig({
      WORKSPACE_ROOT: join(root, 'w'),
      ARTIFACT_ROOT: join(root, 'a'),
      WORKSPACE_VERSION: 'client',
    });
    const app = await createApp(config, new JsonLogger('error', () => undefined), {});
    await app.init();
    try {
      const response = await app.inject({ method: 'GET', url: '/openapi.json' });
      if (response.statusCode !== 200) {
        throw new Error(`GET /openapi.json answered ${response.statusCode}`);
      }
      return JSON.parse(response.body) as OpenAPI3;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The TypeScript declarations of a document, as openapi-typescript writes them. */
export async function renderClientTypes(document: OpenAPI3): Promise<string> {
  const nodes = await openapiTS(document, { silent: true, alphabetize: true });
  return `${COMMENT_HEADER}// Regenerate with \`npm run client:generate\` (a test fails while this file is stale).\n\n${astToString(nodes)}`;
}

/** `npm run client:generate`: the declarations of the document the service serves. */
export async function generateClientTypes(): Promise<string> {
  return renderClientTypes(await fetchServedOpenApiDocument());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(CLIENT_TYPES_PATH, await generateClientTypes());
  process.stdout.write(`wrote ${CLIENT_TYPES_PATH}\n`);
}
