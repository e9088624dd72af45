import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';

import type { SecretRange } from './secret-patterns.js';

type LintConfig = Parameters<typeof lintSource>[0]['options']['config'];

// The maintained rule set of CATALOG.md 20, run in-process on text the tool read through the runtime.
const CONFIG: LintConfig = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }],
};

/**
 * Ranges of the secrets secretlint's recommended preset reports in `content`. Only ranges are
 * kept: secretlint's messages quote the raw secret and must never reach an output or a log.
 */
export async function findSecretlintSecrets(path: string, content: string): Promise<SecretRange[]> {
  const result = await lintSource({
    source: { content, filePath: path, contentType: 'text' },
    options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages.map((message) => ({ start: message.range[0], end: message.range[1] }));
}
