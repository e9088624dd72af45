import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '#app/config';
import { JsonLogger } from '#app/observability';
import { renderCatalogMarkdown, ToolRegistry } from '#app/tool-registry';
import { createApp } from './create-app.js';

/** Prints docs/CAPABILITY_CATALOG.md for the catalog this build serves (`npm run catalog-docs`). */
export async function generateCatalogDocs(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'wes-catalog-'));
  try {
    const config = loadAppConfig({ WORKSPACE_ROOT: join(root, 'w'), ARTIFACT_ROOT: join(root, 'a') });
    const app = await createApp(config, new JsonLogger('error', () => undefined), {});
    await app.init();
    const markdown = renderCatalogMarkdown(app.get(ToolRegistry).list().map((tool) => tool.capability));
    await app.close();
    return markdown;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(await generateCatalogDocs());
}
