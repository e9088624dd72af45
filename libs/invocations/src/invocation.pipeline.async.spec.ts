import { InFlightInvocations } from '#app/sessions';
import { InvocationEvents, InvocationStore } from '#app/stores';
import { InvocationPipeline } from './invocation.pipeline.js';
import {
  buildPipeline,
  executions,
  Gate,
  gates,
  type PipelineHarness,
  raw,
} from './testing/pipeline.fixture.js';

const NO_LIMITS = {
  ratePerMinute: 0,
  ratePerMinutePerPrincipal: 0,
  maxConcurrencyPerSession: 0,
  maxOutputBytes: 0,
  maxArtifacts: 0,
  maxArtifactBytes: 0,
};

// API.md 5.10: an async invocation answers after D4 and runs E1–E9 in the background with exactly
// the guards, slots, records and audit of a synchronous call.
describe('InvocationPipeline async invocations (API.md 5.10, 6 D6)', () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await buildPipeline();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.limits(NO_LIMITS);
    executions.clear();
    gates.current = new Gate();
  });

  const answer = (session: Awaited<ReturnType<PipelineHarness['session']>>, body: object) =>
    h.get(InvocationPipeline).answer({
      session,
      toolName: 'fixture.block',
      body: raw(body),
    });

  it('should answer accepted with the running record, then record, audit and end its events once', async () => {
    const session = await h.session();

    const started = await answer(session, { async: true });

    expect(started.accepted).toBe(true);
    expect(started.invocation).toMatchObject({ status: 'running', async: true });
    await gates.current.entered;
    expect(h.get(InFlightInvocations).size).toBe(1);
    gates.current.release();
    await h.get(InFlightInvocations).settled();
    const stored = await h.get(InvocationStore).get(started.invocation.id);
    expect(stored).toMatchObject({ status: 'succeeded', async: true });
    expect(
      h.audits().filter((line) => line['invocation_id'] === started.invocation.id),
    ).toHaveLength(1);
    const events = await h.get(InvocationEvents).read(started.invocation.id, null);
    expect(events.map((event) => event.event)).toEqual(['status', 'done']);
  });

  it('should hold the concurrency slot until the background run ends', async () => {
    h.limits({ maxConcurrencyPerSession: 1 });
    const session = await h.session();
    const first = await answer(session, { async: true });
    await gates.current.entered;

    const error = await h.reject(session, 'fixture.echo', { async: true });

    expect(error.toBody()).toMatchObject({
      code: 'rate_limited',
      message: 'session invocation concurrency limit exceeded',
    });
    expect(error.invocation).toMatchObject({ status: 'denied', async: true });
    gates.current.release();
    await h.get(InFlightInvocations).settled();
    expect((await h.get(InvocationStore).get(first.invocation.id))?.status).toBe('succeeded');
    await expect(h.invoke(session, 'fixture.echo', { async: false })).resolves.toMatchObject({
      status: 'succeeded',
    });
  });

  it('should record a background failure without throwing it anywhere', async () => {
    const session = await h.session();

    const started = await h.get(InvocationPipeline).answer({
      session,
      toolName: 'fixture.crash',
      body: raw({ async: true }),
    });
    await h.get(InFlightInvocations).settled();

    expect(started.accepted).toBe(true);
    expect(await h.get(InvocationStore).get(started.invocation.id)).toMatchObject({
      status: 'failed',
      error: { code: 'internal' },
    });
    expect(
      h.logs.some((line) => line['msg'] === 'async invocation failed outside its record'),
    ).toBe(false);
  });

  it('should replay a running async invocation as accepted, a finished one as usual, running the tool once', async () => {
    const session = await h.session();
    const first = await answer(session, { async: true, correlation_id: 'replay-async' });
    await gates.current.entered;

    const replay = await answer(session, { correlation_id: 'replay-async' });

    expect(replay).toEqual({
      accepted: true,
      invocation: expect.objectContaining({ id: first.invocation.id, status: 'running' }),
    });
    gates.current.release();
    await h.get(InFlightInvocations).settled();
    const finished = await answer(session, { async: true, correlation_id: 'replay-async' });
    expect(finished).toMatchObject({ accepted: false, invocation: { status: 'succeeded' } });
    expect(executions.get('fixture.block')).toBe(1);
  });
});
