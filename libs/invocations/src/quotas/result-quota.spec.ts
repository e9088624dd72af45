import { createHash } from 'node:crypto';
import type { ArtifactStore } from '#app/artifacts';
import type { AppConfig } from '#app/config';
import type { JsonLogger } from '#app/observability';
import { ArtifactPersister } from '../artifact-persister.js';
import { ResultQuota } from './result-quota.js';

const limits = { maxOutputBytes: 64, maxArtifacts: 0, maxArtifactBytes: 0 };
const config = { limits, artifacts: { inlineMaxBytes: 1024 } } as unknown as AppConfig;
const unusedStore = {} as ArtifactStore;
const persister = new ArtifactPersister(unusedStore, config, {} as JsonLogger);

describe('ResultQuota output text shared with the persister (E3/E4)', () => {
  it('should hand over the output JSON it measured when the output is kept', () => {
    const output = { content: 'h\u00e9llo \u{1f600}', n: 1 };

    const fitted = new ResultQuota(config).fit({ output });

    expect(fitted.outputJson).toBe(JSON.stringify(output));
    expect(fitted.truncation).toBeUndefined();
  });

  it('should hand over no text when the output is dropped or absent', () => {
    const quota = new ResultQuota(config);
    const dropped = quota.fit({ output: { content: 'x'.repeat(100) } });

    expect(dropped.result.output).toBeUndefined();
    expect(dropped.outputJson).toBeUndefined();
    expect(dropped.truncation?.output_bytes_dropped).toBe(114);
    expect(quota.fit({ output: null }).outputJson).toBeUndefined();
    expect(quota.fit({}).outputJson).toBeUndefined();
  });

  it('should store the same bytes and digest with the shared text as without it', async () => {
    const output = { content: 'caf\u00e9 \u{1f600}', list: [1, 'two', null] };
    const fitted = new ResultQuota(config).fit({ output });

    const shared = await persister.persist('inv-1', fitted.result, fitted.outputJson);
    const own = await persister.persist('inv-1', fitted.result);

    const expected = Buffer.from(JSON.stringify(output), 'utf8');
    for (const persisted of [shared, own]) {
      expect(persisted.blobs[0].data.equals(expected)).toBe(true);
      expect(persisted.fields.artifacts[0].size_bytes).toBe(expected.length);
      expect(persisted.fields.artifacts[0].sha256).toBe(
        createHash('sha256').update(expected).digest('hex'),
      );
    }
  });
});
