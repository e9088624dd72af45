import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Invocation } from '#app/contracts';
import { InvocationStore } from '#app/stores';
import {
  buildPipeline,
  executions,
  FlakyInvocationStore,
  Gate,
  gates,
  type PipelineHarness,
} from './testing/pipeline.fixture.js';

const EMPTY_ARGS_SHA256 = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

describe('InvocationPipeline (API.md 6)', () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await buildPipeline();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    executions.clear();
    gates.current = new Gate();
  });

  describe('phase A: admission', () => {
    it.each([
      ['an unknown tool', 'fixture.nope', {}, 'not_found', 'tool not found'],
      ['malformed JSON', 'fixture.echo', '{"args":', 'invalid_argument', 'invalid request body'],
      [
        'an unknown member',
        'fixture.echo',
        { colour: 1 },
        'invalid_argument',
        'unknown field "colour"',
      ],
      [
        'non-object args',
        'fixture.echo',
        { args: [] },
        'invalid_argument',
        'field "args" must be object',
      ],
      [
        'a non-boolean approval',
        'fixture.echo',
        { approved: 'yes' },
        'invalid_argument',
        'field "approved" must be boolean',
      ],
      [
        'a 257-character correlation id',
        'fixture.echo',
        { correlation_id: 'c'.repeat(257) },
        'invalid_argument',
        'correlation_id',
      ],
      [
        'args failing the schema',
        'fixture.echo',
        { args: { value: 5 } },
        'invalid_argument',
        'invalid args: /value',
      ],
      [
        'an unknown arg',
        'fixture.echo',
        { args: { colour: 'red' } },
        'invalid_argument',
        'invalid args: /colour',
      ],
    ])(
      'should refuse %s with no record, audit line or metric',
      async (_case, tool, body, code, message) => {
        const session = await h.session();
        const logCount = h.audits().length;

        const error = await h.reject(session, tool, body);

        expect(error.code).toBe(code);
        expect(error.message.startsWith(message)).toBe(true);
        expect(error.invocation).toBeUndefined();
        expect(h.audits()).toHaveLength(logCount);
        expect(await h.metric('workspace_invocations_total', { tool })).toBe(0);
        expect(executions.size).toBe(0);
      },
    );

    it('should accept a correlation id of exactly 256 characters after trimming', async () => {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.echo', {
        correlation_id: ` ${'c'.repeat(256)} `,
      });
      expect(invocation.correlation_id).toBe('c'.repeat(256));
    });

    it('should treat null args and a null correlation id as absent', async () => {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.echo', {
        args: null,
        correlation_id: null,
        approved: null,
      });
      expect(invocation.status).toBe('succeeded');
      expect(invocation.correlation_id).toBeUndefined();
      expect(invocation.output).toEqual({ value: 'echo' });
    });
  });

  describe('phase B: correlation replay', () => {
    it('should replay a succeeded record without running, auditing or counting again', async () => {
      const session = await h.session();
      const first = await h.invoke(session, 'fixture.echo', {
        correlation_id: 'c-1',
        args: { value: 'a' },
      });
      const audits = h.audits().length;

      const second = await h.invoke(session, 'fixture.echo', {
        correlation_id: ' c-1 ',
        args: { value: 'different' },
      });

      expect(second.id).toBe(first.id);
      expect(second.output).toEqual({ value: 'a' });
      expect(executions.get('fixture.echo')).toBe(1);
      expect(h.audits()).toHaveLength(audits);
      expect(
        await h.metric('workspace_invocations_total', {
          tool: 'fixture.echo',
          status: 'succeeded',
        }),
      ).toBeGreaterThan(0);
    });

    it('should take the trimmed X-Correlation-Id header when the body has none, and prefer the body', async () => {
      const session = await h.session();
      const viaHeader = await h.invoke(session, 'fixture.echo', {}, '  c-h  ');
      const replayed = await h.invoke(
        session,
        'fixture.echo',
        { correlation_id: 'c-h' },
        'ignored',
      );

      expect(viaHeader.correlation_id).toBe('c-h');
      expect(replayed.id).toBe(viaHeader.id);
      expect(executions.get('fixture.echo')).toBe(1);
    });

    it('should replay a denied record with its status even when the retry is approved', async () => {
      const session = await h.session();
      const denied = await h.reject(session, 'fixture.approval', { correlation_id: 'c-3' });
      const replay = await h.reject(session, 'fixture.approval', {
        correlation_id: 'c-3',
        approved: true,
      });

      expect(denied.code).toBe('approval_required');
      expect(replay.code).toBe('approval_required');
      expect(replay.message).toBe('tool requires explicit approval');
      expect(replay.invocation?.id).toBe(denied.invocation?.id);
      expect(replay.invocation?.status).toBe('denied');
      expect(executions.get('fixture.approval')).toBeUndefined();
    });

    it('should replay a failed record with its error and hydrated partial result', async () => {
      const session = await h.session();
      const failed = await h.reject(session, 'fixture.partial', { correlation_id: 'c-p' });
      const replay = await h.reject(session, 'fixture.partial', { correlation_id: 'c-p' });

      expect(replay.code).toBe('execution_failed');
      expect(replay.invocation).toEqual(failed.invocation);
      expect(replay.invocation?.output).toEqual({ done: 1 });
      expect(executions.get('fixture.partial')).toBe(1);
    });

    it('should answer 409 retryable while the correlated invocation is still running', async () => {
      const session = await h.session();
      const running = h.invoke(session, 'fixture.block', { correlation_id: 'c-run' });
      await gates.current.entered;

      const conflict = await h.reject(session, 'fixture.block', { correlation_id: 'c-run' });

      expect(conflict.code).toBe('conflict');
      expect(conflict.message).toBe('invocation with this correlation_id is still running');
      expect(conflict.retryable).toBe(true);
      expect(conflict.invocation?.status).toBe('running');
      expect(conflict.invocation?.error).toBeUndefined();
      gates.current.release();
      const finished = await running;
      expect(finished.id).toBe(conflict.invocation?.id);
      expect((await h.invoke(session, 'fixture.block', { correlation_id: 'c-run' })).status).toBe(
        'succeeded',
      );
      expect(executions.get('fixture.block')).toBe(1);
    });

    it('should key the correlation by tool, so one id runs each tool once', async () => {
      const session = await h.session();
      const echo = await h.invoke(session, 'fixture.echo', { correlation_id: 'shared' });
      const other = await h.invoke(session, 'fixture.other', { correlation_id: 'shared' });
      await h.invoke(session, 'fixture.echo', { correlation_id: 'shared' });
      await h.invoke(session, 'fixture.other', { correlation_id: 'shared' });

      expect(echo.id).not.toBe(other.id);
      expect(executions.get('fixture.echo')).toBe(1);
      expect(executions.get('fixture.other')).toBe(1);
    });

    it('should key the correlation by session', async () => {
      const a = await h.session();
      const b = await h.session();
      const first = await h.invoke(a, 'fixture.echo', { correlation_id: 'per-session' });
      const second = await h.invoke(b, 'fixture.echo', { correlation_id: 'per-session' });
      expect(first.id).not.toBe(second.id);
      expect(executions.get('fixture.echo')).toBe(2);
    });

    it('should run only one of two concurrent twins with the same correlation id', async () => {
      const session = await h.session();
      const audits = h.audits().length;
      const twins = Promise.allSettled([
        h.invoke(session, 'fixture.block', { correlation_id: 'twin' }),
        h.invoke(session, 'fixture.block', { correlation_id: 'twin' }),
      ]);
      await gates.current.entered;
      // Let the loser reach its replay before the winner finishes.
      await new Promise((resolve) => setTimeout(resolve, 20));
      gates.current.release();
      const [a, b] = await twins;

      const outcomes = [a, b].map((outcome) =>
        outcome.status === 'fulfilled' ? 'ran' : (outcome.reason as { code: string }).code,
      );
      expect(outcomes.sort()).toEqual(['conflict', 'ran']);
      const winner = (
        a.status === 'fulfilled' ? a.value : (b as PromiseFulfilledResult<Invocation>).value
      ).id;
      const loser = (a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason) as {
        invocation: Invocation;
      };
      expect(loser.invocation.id).toBe(winner);
      expect(executions.get('fixture.block')).toBe(1);
      expect(h.audits().length - audits).toBe(1);
    });
  });

  describe('phase D: gates', () => {
    it('should deny a cluster tool on a local session even when approved, without running it', async () => {
      const session = await h.session();
      const error = await h.reject(session, 'fixture.cluster', { approved: true });

      expect(error.code).toBe('policy_denied');
      expect(error.message).toBe('tool requires kubernetes runtime');
      expect(error.invocation).toMatchObject({
        status: 'denied',
        exit_code: 0,
        logs: [],
        artifacts: [],
      });
      expect(executions.size).toBe(0);
    });

    it('should deny a delivery tool on a kubernetes session while the flag is off', async () => {
      const session = await h.session({
        runtime: {
          kind: 'kubernetes',
          namespace: 'ns',
          pod_name: 'ws-x',
          container: 'runner',
          workdir: '/workspace/repo',
        },
        principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['platform_admin'] },
      });
      const error = await h.reject(session, 'k8s.apply_manifest', { approved: true });

      expect(error.message).toBe('k8s delivery tools are disabled by configuration');
      expect(error.code).toBe('policy_denied');
      expect(executions.size).toBe(0);
    });

    it('should apply the static policy after runtime gating', async () => {
      const session = await h.session({
        runtime: {
          kind: 'kubernetes',
          namespace: 'ns',
          pod_name: 'ws-x',
          container: 'runner',
          workdir: '/workspace/repo',
        },
      });
      const error = await h.reject(session, 'fixture.cluster', {});
      expect(error.message).toBe('principal roles cannot access tool scope');
    });
  });

  describe('phase E: execution and recording', () => {
    it('should keep the partial result of a failing tool and persist it', async () => {
      const session = await h.session();
      const error = await h.reject(session, 'fixture.partial');
      const invocation = error.invocation!;

      expect(error.code).toBe('execution_failed');
      expect(error.toBody()).toEqual({
        code: 'execution_failed',
        message: 'stopped half way',
        retryable: false,
      });
      expect(invocation.error).toEqual(error.toBody());
      expect(invocation.status).toBe('failed');
      expect(invocation.exit_code).toBe(3);
      expect(invocation.output).toEqual({ done: 1 });
      expect(invocation.logs).toHaveLength(1);
      expect(invocation.artifacts.map((artifact) => artifact.name)).toEqual([
        'partial.txt',
        'invocation-output.json',
        'invocation-logs.jsonl',
      ]);
      expect(invocation.output_ref).toBe(invocation.artifacts[1].id);
      expect(invocation.logs_ref).toBe(invocation.artifacts[2].id);
    });

    it('should record a crash that is not an AppException as internal without leaking its message', async () => {
      const session = await h.session();
      const error = await h.reject(session, 'fixture.crash');

      expect(error.toBody()).toEqual({
        code: 'internal',
        message: 'tool handler failed unexpectedly',
        retryable: false,
      });
      expect(error.invocation?.status).toBe('failed');
      expect(JSON.stringify(error.invocation)).not.toContain('boom');
      expect(h.logs.some((line) => line['msg'] === 'tool handler crashed')).toBe(true);
    });

    it('should record an AppException thrown by a handler with its own code', async () => {
      const session = await h.session();
      const error = await h.reject(session, 'fixture.missing');
      expect(error.toBody()).toEqual({
        code: 'not_found',
        message: 'path not found: x',
        retryable: false,
      });
      expect(error.invocation?.status).toBe('failed');
    });

    it('should persist tool artifacts, then the output, then the logs as NDJSON', async () => {
      // Inline limit 0: output and logs are files of the artifact store like the tool's.
      const onDisk = await buildPipeline({ WORKSPACE_INLINE_ARTIFACT_MAX_BYTES: '0' });
      try {
        await expectPersistedInOrder(onDisk);
      } finally {
        await onDisk.close();
      }
    });

    async function expectPersistedInOrder(h: PipelineHarness): Promise<void> {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.three', { args: { pad: 'x' } });

      expect(
        invocation.artifacts.map((artifact) => [artifact.name, artifact.content_type]),
      ).toEqual([
        ['one.txt', 'text/plain'],
        ['two.bin', 'application/octet-stream'],
        ['three.json', 'application/json'],
        ['invocation-output.json', 'application/json'],
        ['invocation-logs.jsonl', 'application/x-ndjson'],
      ]);
      expect(invocation.output_ref).toBe(invocation.artifacts[3].id);
      expect(invocation.logs_ref).toBe(invocation.artifacts[4].id);
      const directory = join(h.artifactRoot, invocation.id);
      const output = await readFile(
        join(directory, `${invocation.output_ref}-invocation-output.json`),
        'utf8',
      );
      expect(output).toBe('{"pad":"x"}');
      const ndjson = await readFile(
        join(directory, `${invocation.logs_ref}-invocation-logs.jsonl`),
        'utf8',
      );
      expect(ndjson.endsWith('\n')).toBe(true);
      expect(ndjson.split('\n')).toHaveLength(3);
      expect(
        ndjson
          .split('\n')
          .slice(0, 2)
          .map((line) => JSON.parse(line)),
      ).toEqual(invocation.logs);
      expect(invocation.artifacts[0]).toMatchObject({
        size_bytes: 4,
        sha256: createHash('sha256').update('1111').digest('hex'),
        download_path: `/v1/invocations/${invocation.id}/artifacts/${invocation.artifacts[0].id}`,
      });
    }

    it('should keep a small output and logs with the record and write no file when they fit', async () => {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.echo', { args: { value: 'kept' } });

      const store = h.get(InvocationStore);
      const output = invocation.artifacts.find((artifact) => artifact.id === invocation.output_ref);
      expect(output).toEqual({
        id: expect.stringMatching(/^artifact-[0-9a-f]{16}$/),
        name: 'invocation-output.json',
        content_type: 'application/json',
        size_bytes: 16,
        sha256: createHash('sha256').update('{"value":"kept"}').digest('hex'),
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        download_path: `/v1/invocations/${invocation.id}/artifacts/${invocation.output_ref}`,
      });
      expect((await store.getBlob(invocation.id, output!.id))?.toString()).toBe('{"value":"kept"}');
      expect(await h.artifactDirs()).not.toContain(invocation.id);
    });

    it('should send output and logs over the inline limit to the artifact store, one by one', async () => {
      const small = await buildPipeline({ WORKSPACE_INLINE_ARTIFACT_MAX_BYTES: '20' });
      try {
        const session = await small.session();
        const invocation = await small.invoke(session, 'fixture.three', { args: { pad: 'x' } });

        const store = small.get(InvocationStore);
        expect((await store.getBlob(invocation.id, invocation.output_ref!))?.toString()).toBe(
          '{"pad":"x"}',
        );
        expect(await store.getBlob(invocation.id, invocation.logs_ref!)).toBeNull();
        const files = await readdir(join(small.artifactRoot, invocation.id));
        expect(files.map((file) => file.slice('artifact-0123456789abcdef-'.length)).sort()).toEqual(
          ['invocation-logs.jsonl', 'one.txt', 'three.json', 'two.bin'],
        );
      } finally {
        await small.close();
      }
    });

    it('should write neither output nor logs artifact when the tool produced none', async () => {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.other');
      expect(invocation.artifacts.map((artifact) => artifact.name)).toEqual([
        'invocation-output.json',
      ]);
      expect(invocation.logs_ref).toBeUndefined();
    });

    it.each([
      ['array', 'tool output type mismatch: expected object'],
      ['missing', 'tool output missing required field: count'],
      ['fraction', 'tool output field count has invalid type'],
      ['null', 'tool output field name has invalid type'],
    ])('should fail with internal when the output is %s', async (variant, message) => {
      const session = await h.session();
      const error = await h.reject(session, 'fixture.bad_output', { args: { variant } });

      expect(error.toBody()).toEqual({ code: 'internal', message, retryable: false });
      expect(error.invocation?.status).toBe('failed');
      // E4 runs before E7: the offending output is kept for inspection, its bytes with the record.
      const ref = error.invocation?.output_ref ?? '';
      expect(await h.get(InvocationStore).getBlob(error.invocation!.id, ref)).not.toBeNull();
    });

    it('should accept undeclared members and integers written as numbers with a zero fraction', async () => {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.bad_output', {
        args: { variant: 'fine' },
      });
      expect(invocation.status).toBe('succeeded');
    });

    it('should not mistake prototype members for present output members', async () => {
      const session = await h.session();
      const error = await h.reject(session, 'fixture.proto_required');
      expect(error.message).toBe('tool output missing required field: constructor');
    });

    it('should truncate duration_ms and keep it equal to completed_at minus started_at', async () => {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.echo', { args: { advance_ms: 1234.9 } });

      expect(invocation.duration_ms).toBe(1234);
      expect(Date.parse(invocation.completed_at!) - Date.parse(invocation.started_at)).toBe(1234);
      expect(invocation.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('should save the final record so it reads back as answered', async () => {
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.echo');
      expect(await h.get(InvocationStore).get(invocation.id)).toEqual(invocation);
    });
  });

  describe('observability', () => {
    it('should count and audit exactly once per terminal outcome, never for replays or phase A', async () => {
      const fresh = await buildPipeline();
      try {
        const session = await fresh.session();
        await fresh.invoke(session, 'fixture.echo', { correlation_id: 'ok' });
        await fresh.reject(session, 'fixture.approval', { correlation_id: 'deny' });
        await fresh.reject(session, 'fixture.crash', { correlation_id: 'fail' });
        await fresh.invoke(session, 'fixture.echo', { correlation_id: 'ok' });
        await fresh.reject(session, 'fixture.approval', { correlation_id: 'deny' });
        await fresh.reject(session, 'fixture.crash', { correlation_id: 'fail' });
        await fresh.reject(session, 'fixture.echo', { args: { value: 1 } });
        await fresh.reject(session, 'fixture.nope');

        const count = (name: string, labels: Record<string, string>): Promise<number> =>
          fresh.metric(name, labels);
        expect(
          await count('workspace_invocations_total', { tool: 'fixture.echo', status: 'succeeded' }),
        ).toBe(1);
        expect(
          await count('workspace_invocations_total', {
            tool: 'fixture.approval',
            status: 'denied',
          }),
        ).toBe(1);
        expect(
          await count('workspace_invocations_total', { tool: 'fixture.crash', status: 'failed' }),
        ).toBe(1);
        expect(
          await count('workspace_invocations_denied_total', {
            tool: 'fixture.approval',
            reason: 'approval_required',
          }),
        ).toBe(1);
        expect(await count('workspace_invocations_denied_total', { tool: 'fixture.crash' })).toBe(
          0,
        );
        expect(
          await count('workspace_invocation_duration_seconds_count', {
            tool: 'fixture.echo',
            status: 'succeeded',
          }),
        ).toBe(1);
        expect(
          await count('workspace_invocation_duration_seconds_count', {
            tool: 'fixture.crash',
            status: 'failed',
          }),
        ).toBe(1);

        const audits = fresh.audits();
        expect(audits.map((line) => [line['tool'], line['status'], line['error_code']])).toEqual([
          ['fixture.echo', 'succeeded', undefined],
          ['fixture.approval', 'denied', 'approval_required'],
          ['fixture.crash', 'failed', 'internal'],
        ]);
        expect(audits[0]).toMatchObject({
          level: 'info',
          session_id: session.id,
          correlation_id: 'ok',
          approved: false,
          tenant_id: 'acme',
          actor_id: 'alice',
          roles: ['developer'],
          exit_code: 0,
          args_sha256: EMPTY_ARGS_SHA256,
          metadata: { api_token: '[REDACTED]' },
        });
        expect(JSON.stringify(audits)).not.toContain('do-not-log');
      } finally {
        await fresh.close();
      }
    });
  });

  describe('store failures', () => {
    it('should answer internal without a record, audit line or metric when the running save fails', async () => {
      const store = new FlakyInvocationStore();
      const flaky = await buildPipeline({}, [{ provide: InvocationStore, useValue: store }]);
      try {
        const session = await flaky.session();
        store.failNext = 'running';
        const error = await flaky.reject(session, 'fixture.echo');

        expect(error.code).toBe('internal');
        expect(error.invocation).toBeUndefined();
        expect(flaky.audits()).toHaveLength(0);
        expect(await flaky.metric('workspace_invocations_total', { tool: 'fixture.echo' })).toBe(0);
        expect(executions.size).toBe(0);
      } finally {
        await flaky.close();
      }
    });

    it('should answer internal with the in-memory record and count it, without an audit line, when the terminal save fails', async () => {
      const store = new FlakyInvocationStore();
      const flaky = await buildPipeline({}, [{ provide: InvocationStore, useValue: store }]);
      try {
        const session = await flaky.session();
        store.failNext = 'terminal';
        const error = await flaky.reject(session, 'fixture.echo');

        expect(error.code).toBe('internal');
        expect(error.invocation?.status).toBe('succeeded');
        expect(flaky.audits()).toHaveLength(0);
        expect(
          await flaky.metric('workspace_invocations_total', {
            tool: 'fixture.echo',
            status: 'succeeded',
          }),
        ).toBe(1);
      } finally {
        await flaky.close();
      }
    });

    it('should finish the running record as failed when the correlation claim fails after it was saved', async () => {
      const store = new FlakyInvocationStore();
      const flaky = await buildPipeline({}, [{ provide: InvocationStore, useValue: store }]);
      try {
        const session = await flaky.session();
        store.failNext = 'claim';
        const error = await flaky.reject(session, 'fixture.echo', {
          correlation_id: 'claim-fails',
        });

        const expected = { code: 'internal', message: 'invocation store failed', retryable: false };
        expect(error.toBody()).toEqual(expected);
        expect(error.invocation?.status).toBe('failed');
        expect(error.invocation?.error).toEqual(expected);
        const stored = await store.get(error.invocation?.id ?? '');
        expect(stored?.status).toBe('failed');
        expect(stored?.error).toEqual(expected);
        expect(executions.size).toBe(0);
        expect(flaky.audits()).toHaveLength(1);
        expect(
          await flaky.metric('workspace_invocations_total', {
            tool: 'fixture.echo',
            status: 'failed',
          }),
        ).toBe(1);
        expect(flaky.logs.some((line) => line['msg'] === 'invocation store failed')).toBe(true);
      } finally {
        await flaky.close();
      }
    });
  });
});
