import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '#app/config';
import { JsonLogger } from '#app/observability';
import { renderCatalogMarkdown, ToolRegistry } from '#app/tool-registry';
import type { ToolModule } from './app.module.js';
import { createApp } from './create-app.js';

export interface CatalogDocsOptions {
  /** Extra tool families to document beside the built-in ones (`AppModuleOptions.toolModules`). */
  toolModules?: readonly ToolModule[];
}

/**
 * The catalog page (docs/CAPABILITY_CATALOG.md) for the catalog a service built with these options
 * serves; `npm run catalog-docs` prints it for the built-in families.
 */
export async function generateCatalogDocs(options: CatalogDocsOptions = {}): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'wes-catalog-'));
  try {
    const config = loadAppConfig({
      WORKSPACE_ROOT: join(root, 'w'),
      ARTIFACT_ROOT: join(root, 'a'),
    });
    const app = await createApp(config, new JsonLogger('error', () => undefined), {}, options);
    await app.init();
    const markdown = renderCatalogMarkdown(app.get(ToolRegistry).list());
    await app.close();
    return markdown;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(await generateCatalogDocs());
}
