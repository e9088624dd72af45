import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { ArtifactStore } from '#app/artifacts';
import type { Invocation, LogLine, Session } from '#app/contracts';
import { InFlightInvocations } from '#app/sessions';
import { InvocationStore } from '#app/stores';
import {
  buildPipeline,
  executions,
  Gate,
  gates,
  type PipelineHarness,
} from './testing/pipeline.fixture.js';

const NO_LIMITS = {
  ratePerMinute: 0,
  ratePerMinutePerPrincipal: 0,
  maxConcurrencyPerSession: 0,
  maxOutputBytes: 0,
  maxArtifacts: 0,
  maxArtifactBytes: 0,
};

const ndjsonBytes = (lines: LogLine[]): number =>
  lines.reduce((sum, line) => sum + Buffer.byteLength(`${JSON.stringify(line)}\n`), 0);

// API.md 10.3: whatever the outcome, what an invocation stores never exceeds the quotas.
describe('InvocationPipeline quotas for every outcome (API.md 6 E3/E4, 10.3)', () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    // These tests measure what lands on disk, so output and logs go to the artifact store too.
    h = await buildPipeline({ WORKSPACE_INLINE_ARTIFACT_MAX_BYTES: '0' });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.limits(NO_LIMITS);
    executions.clear();
    gates.current = new Gate();
  });

  /** Stored files of the invocation on disk: name (without the id prefix) → size. */
  async function storedFiles(invocationId: string): Promise<Map<string, number>> {
    const directory = join(h.artifactRoot, invocationId);
    const files = new Map<string, number>();
    for (const name of await readdir(directory).catch(() => [])) {
      files.set(
        name.slice('artifact-0123456789abcdef-'.length),
        (await stat(join(directory, name))).size,
      );
    }
    return files;
  }

  async function storedTotal(invocationId: string): Promise<number> {
    return [...(await storedFiles(invocationId)).values()].reduce((sum, size) => sum + size, 0);
  }

  async function storedLogs(invocation: Invocation): Promise<string> {
    const logs = invocation.artifacts.find((artifact) => artifact.id === invocation.logs_ref)!;
    return readFile(join(h.artifactRoot, invocation.id, `${logs.id}-${logs.name}`), 'utf8');
  }

  it('should keep a failed result its own error and store only what fits', async () => {
    h.limits({ maxOutputBytes: 2000, maxArtifacts: 0, maxArtifactBytes: 1000 });
    const session = await h.session();

    const error = await h.reject(session, 'fixture.noisy', {
      args: {
        fail: true,
        lines: 5000,
        line: 'y'.repeat(100),
        artifacts: 3,
        artifact_bytes: 600,
        pad: 'p'.repeat(5000),
      },
    });

    expect(error.toBody()).toEqual({
      code: 'execution_failed',
      message: 'tests failed',
      retryable: false,
    });
    const invocation = error.invocation!;
    expect(invocation.status).toBe('failed');
    expect(invocation.exit_code).toBe(1);
    // The output (5,010 bytes) cannot be cut: it is dropped whole and the logs get the budget.
    expect(invocation.output).toBeUndefined();
    expect(invocation.output_ref).toBeUndefined();
    expect(invocation.logs.at(-1)?.message).toBe(`4999:${'y'.repeat(100)}`);
    expect(ndjsonBytes(invocation.logs)).toBeLessThanOrEqual(2000);
    expect(invocation.artifacts.map((artifact) => artifact.name)).toEqual([
      'part-0.txt',
      'invocation-logs.jsonl',
    ]);
    expect(invocation.truncation).toEqual({
      output_bytes_dropped: 5010,
      logs_bytes_dropped: expect.any(Number),
      logs_lines_dropped: expect.any(Number),
      artifacts_dropped_count: 2,
      artifacts_dropped: [
        { name: 'part-1.txt', size_bytes: 600 },
        { name: 'part-2.txt', size_bytes: 600 },
      ],
    });
    expect(invocation.truncation!.logs_lines_dropped).toBeGreaterThan(4900);

    const files = await storedFiles(invocation.id);
    expect(files.get('invocation-logs.jsonl')).toBeLessThanOrEqual(2000);
    expect(files.get('invocation-logs.jsonl')! + invocation.truncation!.logs_bytes_dropped).toBe(
      ndjsonBytes(
        Array.from({ length: 5000 }, (_, index) => ({
          at: '2030-01-01T00:00:00.000Z',
          channel: 'stdout',
          message: `${index}:${'y'.repeat(100)}`,
        })),
      ),
    );
    expect(await storedTotal(invocation.id)).toBeLessThanOrEqual(2000 + 1000);
    // The stored record (memory store: logs inline) is the same bounded record.
    const stored = await h.get(InvocationStore).get(invocation.id);
    expect(ndjsonBytes(stored!.logs)).toBeLessThanOrEqual(2000);
    expect(stored!.truncation).toEqual(invocation.truncation);
  });

  it('should give the logs what the kept output leaves of the output quota', async () => {
    h.limits({ maxOutputBytes: 1000 });
    const session = await h.session();

    const error = await h.reject(session, 'fixture.noisy', {
      args: { fail: true, lines: 100, pad: 'p'.repeat(390) },
    });

    const invocation = error.invocation!;
    expect(invocation.output).toEqual({ pad: 'p'.repeat(390) });
    const files = await storedFiles(invocation.id);
    expect(files.get('invocation-output.json')).toBe(400);
    expect(files.get('invocation-logs.jsonl')).toBeLessThanOrEqual(600);
    expect(files.get('invocation-logs.jsonl')).toBeGreaterThan(500);
    expect(invocation.truncation?.output_bytes_dropped).toBe(0);
  });

  it('should keep a succeeded result succeeded and cut its logs to the tail', async () => {
    h.limits({ maxOutputBytes: 500 });
    const session = await h.session();

    const invocation = await h.invoke(session, 'fixture.noisy', { args: { lines: 1000 } });

    expect(invocation.status).toBe('succeeded');
    expect(invocation.error).toBeUndefined();
    expect(invocation.output).toEqual({ pad: '' });
    expect(invocation.logs.at(-1)?.message).toBe('999:x');
    expect(invocation.truncation).toMatchObject({
      output_bytes_dropped: 0,
      artifacts_dropped_count: 0,
      artifacts_dropped: [],
    });
    expect(await storedTotal(invocation.id)).toBeLessThanOrEqual(500);
    expect(await storedLogs(invocation)).toMatch(/"message":"999:x"\}\n$/);
  });

  it('should keep the tail of one huge multi-byte line, cut on a character boundary', async () => {
    h.limits({ maxOutputBytes: 1001 });
    const session = await h.session();
    const line = `head${'😀€é'.repeat(100_000)}end`;

    const error = await h.reject(session, 'fixture.noisy', {
      args: { fail: true, lines: 1, line },
    });

    const invocation = error.invocation!;
    expect(invocation.logs).toHaveLength(1);
    const kept = invocation.logs[0].message;
    expect(`0:${line}`.endsWith(kept)).toBe(true);
    expect(kept.endsWith('😀€éend')).toBe(true);
    expect(kept).not.toContain('\uFFFD');
    const text = await storedLogs(invocation);
    expect(
      Buffer.byteLength(text) + Buffer.byteLength(JSON.stringify(invocation.output)),
    ).toBeLessThanOrEqual(1001);
    expect((JSON.parse(text) as LogLine).message).toBe(kept);
    expect(invocation.truncation).toMatchObject({ logs_lines_dropped: 0 });
  });

  it('should stop many small artifacts adding up past the byte and count quotas, and list a bounded number', async () => {
    h.limits({ maxArtifacts: 0, maxArtifactBytes: 95 });
    const session = await h.session();

    const error = await h.reject(session, 'fixture.noisy', {
      args: { fail: true, artifacts: 50, artifact_bytes: 10 },
    });

    const invocation = error.invocation!;
    const tool = invocation.artifacts.filter((artifact) => artifact.name.startsWith('part-'));
    expect(tool).toHaveLength(9);
    expect(invocation.truncation?.artifacts_dropped_count).toBe(41);
    expect(invocation.truncation?.artifacts_dropped).toHaveLength(20);
    expect(invocation.truncation?.artifacts_dropped[0]).toEqual({
      name: 'part-9.txt',
      size_bytes: 10,
    });
    const files = await storedFiles(invocation.id);
    expect(
      [...files]
        .filter(([name]) => name.startsWith('part-'))
        .reduce((sum, [, size]) => sum + size, 0),
    ).toBe(90);

    h.limits({ maxArtifacts: 2, maxArtifactBytes: 0 });
    const counted = (
      await h.reject(session, 'fixture.noisy', { args: { fail: true, artifacts: 5 } })
    ).invocation!;
    expect(
      counted.artifacts
        .filter((artifact) => artifact.name.startsWith('part-'))
        .map((artifact) => artifact.name),
    ).toEqual(['part-0.txt', 'part-1.txt']);
    expect(counted.truncation?.artifacts_dropped_count).toBe(3);
  });

  it('should keep a huge tool error message its code and head, bounded to 8 KiB on a character boundary', async () => {
    const session = await h.session();
    const message = `command failed: ${'é'.repeat(1_000_000)}`;

    const error = await h.reject(session, 'fixture.noisy', { args: { fail: true, message } });

    expect(error.code).toBe('execution_failed');
    expect(error.message.startsWith('command failed: éé')).toBe(true);
    expect(error.message.endsWith('é [message truncated]')).toBe(true);
    expect(Buffer.byteLength(error.message)).toBeLessThanOrEqual(8192);
    expect(Buffer.byteLength(error.message)).toBeGreaterThan(8180);
    expect((await h.get(InvocationStore).get(error.invocation!.id))?.error?.message).toBe(
      error.message,
    );
    // A message that fits is kept as it is.
    const plain = await h.reject(session, 'fixture.noisy', {
      args: { fail: true, message: `command failed: ${'x'.repeat(2000)}` },
    });
    expect(plain.message).toBe(`command failed: ${'x'.repeat(2000)}`);
  });

  it('should leave the record without truncation when nothing was cut', async () => {
    h.limits({ maxOutputBytes: 100_000, maxArtifacts: 10, maxArtifactBytes: 100_000 });
    const session = await h.session();
    const error = await h.reject(session, 'fixture.noisy', {
      args: { fail: true, lines: 3, artifacts: 2 },
    });
    expect(error.invocation?.truncation).toBeUndefined();
    expect(error.invocation?.artifacts).toHaveLength(4);
  });

  describe('bytes a handler wrote to the artifact store on its own', () => {
    it('should remove them when the invocation succeeds', async () => {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.direct_write', {
        args: { bytes: 100_000 },
      });
      expect(invocation.status).toBe('succeeded');
      expect([...(await storedFiles(invocation.id)).keys()]).toEqual(['invocation-output.json']);
    });

    it('should remove them when the invocation fails', async () => {
      h.limits({ maxArtifactBytes: 10 });
      const session = await h.session();
      const error = await h.reject(session, 'fixture.direct_write', {
        args: { bytes: 100_000, fail: true },
      });
      expect(error.message).toBe('failed after writing');
      expect(await h.artifactDirs()).not.toContain(error.invocation!.id);
    });

    it('should remove them when E3 denies the result', async () => {
      h.limits({ maxOutputBytes: 5 });
      const session = await h.session();
      const error = await h.reject(session, 'fixture.direct_write', { args: { bytes: 100_000 } });
      expect(error.code).toBe('quota_exceeded');
      expect(await h.artifactDirs()).not.toContain(error.invocation!.id);
    });

    it.each([
      ['shutdown', (_session: Session) => h.get(InFlightInvocations).cancelAll(), 'timeout'],
      [
        'session close',
        (session: Session) => h.get(InFlightInvocations).cancelSession(session.id),
        'execution_failed',
      ],
    ])(
      'should remove them when %s cancels the invocation, which keeps its own error',
      async (_cause, cancel, code) => {
        const session = await h.session();
        const running = h.reject(session, 'fixture.direct_write', {
          args: { bytes: 100_000, block: true },
        });
        await gates.current.entered;

        cancel(session);
        const error = await running;

        expect(error.code).toBe(code);
        expect(await h.artifactDirs()).not.toContain(error.invocation!.id);
        gates.current.release();
      },
    );

    it('should sweep again when a cancelled handler that ignored its signal writes after the outcome', async () => {
      const store = h.get(ArtifactStore);
      const original = store.removeExcept.bind(store);
      let lateSweep!: Promise<number>;
      const swept = new Promise<void>((resolve) => {
        let calls = 0;
        jest.spyOn(store, 'removeExcept').mockImplementation((invocationId, keep) => {
          const sweep = original(invocationId, keep);
          calls += 1;
          if (calls === 2) {
            lateSweep = sweep;
            resolve();
          }
          return sweep;
        });
      });
      const session = await h.session();
      const running = h.reject(session, 'fixture.direct_write', {
        args: { bytes: 10, block: true, late: true },
      });
      await gates.current.entered;
      h.get(InFlightInvocations).cancelAll();
      const error = await running;
      expect(error.code).toBe('timeout');

      gates.current.release();
      await swept;
      await lateSweep;

      expect(await h.artifactDirs()).not.toContain(error.invocation!.id);
      jest.restoreAllMocks();
    });
  });
});
