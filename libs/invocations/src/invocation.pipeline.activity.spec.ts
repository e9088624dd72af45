import { SessionStore } from '#app/stores';
import {
  buildPipeline,
  fixtureClock,
  Gate,
  gates,
  type PipelineHarness,
} from './testing/pipeline.fixture.js';

// API.md 8.2: an invocation starting and ending is activity; one running keeps its session.
describe('InvocationPipeline session activity (API.md 8.2)', () => {
  let h: PipelineHarness;
  let store: SessionStore;

  beforeAll(async () => {
    h = await buildPipeline({ WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: '10' });
    store = h.get(SessionStore);
  });
  afterAll(() => h.close());
  beforeEach(() => {
    gates.current = new Gate();
  });

  async function lastActivity(id: string): Promise<number> {
    return Date.parse((await store.get(id))?.last_activity_at ?? '');
  }

  it('should record the start and the end of an invocation as activity', async () => {
    const session = await h.session();
    fixtureClock.advance(5000);
    const startedAt = fixtureClock.now();

    await h.invoke(session, 'fixture.echo', { args: { advance_ms: 3000 } });

    expect(startedAt).toBeGreaterThan(Date.parse(session.created_at));
    expect(await lastActivity(session.id)).toBe(startedAt + 3000);
    fixtureClock.advance(9999);
    await h.sessions.sweep();
    expect(await h.sessions.find(session.id)).not.toBeNull();
    fixtureClock.advance(1);
    await h.sessions.sweep();
    expect(await h.sessions.find(session.id)).toBeNull();
  });

  it('should count a denied invocation (a record was started) as activity', async () => {
    const session = await h.session();
    fixtureClock.advance(5000);

    await h.reject(session, 'fixture.approval');

    expect(await lastActivity(session.id)).toBe(fixtureClock.now());
  });

  it('should never close a session while its invocation runs, however long', async () => {
    const session = await h.session();
    const running = h.invoke(session, 'fixture.block');
    await gates.current.entered;
    fixtureClock.advance(60_000);

    await h.sessions.sweep();
    expect(await h.sessions.find(session.id)).not.toBeNull();

    gates.current.release();
    await running;
    expect(await lastActivity(session.id)).toBe(fixtureClock.now());
  });

  it('should close a session nobody invoked for the timeout', async () => {
    const session = await h.session();
    fixtureClock.advance(10_000);

    await h.sessions.sweep();

    expect(await store.get(session.id)).toBeNull();
  });
});
