import { jest } from '@jest/globals';
import { loadAppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import { Clock, MemorySessionStore } from '#app/stores';
import { InFlightInvocations } from './in-flight-invocations.js';
import { activityThrottleMs, SessionActivity } from './session-activity.js';

class FakeClock extends Clock {
  time = Date.parse('2030-01-01T00:00:00.000Z');
  now(): number {
    return this.time;
  }
}

function record(id: string, createdAt: number): Session {
  return {
    id,
    workspace_path: `/tmp/ws/${id}/repo`,
    runtime: { kind: 'local', workdir: `/tmp/ws/${id}/repo` },
    allowed_paths: ['.'],
    principal: { tenant_id: 'acme', actor_id: 'alice', roles: [] },
    metadata: {},
    created_at: new Date(createdAt).toISOString(),
    expires_at: new Date(createdAt + 3600_000).toISOString(),
    last_activity_at: new Date(createdAt).toISOString(),
  };
}

describe('SessionActivity (API.md 8.2)', () => {
  let clock: FakeClock;
  let store: MemorySessionStore;
  let inFlight: InFlightInvocations;
  let logs: Array<Record<string, unknown>>;
  let touch: jest.SpiedFunction<MemorySessionStore['touch']>;

  function activity(idleSeconds: string): SessionActivity {
    return new SessionActivity(
      loadAppConfig({ WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: idleSeconds }),
      store,
      inFlight,
      clock,
      new JsonLogger('warn', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
    );
  }

  async function lastActivity(id: string): Promise<number> {
    return Date.parse((await store.get(id))?.last_activity_at ?? '');
  }

  beforeEach(async () => {
    clock = new FakeClock();
    store = new MemorySessionStore(clock);
    inFlight = new InFlightInvocations();
    logs = [];
    await store.claim(record('session-a', clock.time));
    touch = jest.spyOn(store, 'touch');
  });

  it('should throttle to a tenth of the idle timeout, between 100 ms and 60 s, 60 s when off', () => {
    expect(activityThrottleMs(0)).toBe(60_000);
    expect(activityThrottleMs(2000)).toBe(200);
    expect(activityThrottleMs(500)).toBe(100);
    expect(activityThrottleMs(30 * 60_000)).toBe(60_000);
    expect(activity('3').throttleMs).toBe(300);
  });

  it('should write the first touch at once and a burst inside the window once, by the next tick, with the last time', async () => {
    const subject = activity('10');
    clock.time += 5000;
    await subject.touch('session-a');
    expect(touch).toHaveBeenCalledTimes(1);
    expect(await lastActivity('session-a')).toBe(clock.time);

    for (let index = 0; index < 20; index++) {
      clock.time += 10;
      await subject.touch('session-a');
    }
    expect(touch).toHaveBeenCalledTimes(1);
    const lastTouch = clock.time;

    clock.time += 500;
    await subject.tick();
    expect(touch).toHaveBeenCalledTimes(2);
    expect(await lastActivity('session-a')).toBe(lastTouch);
    await subject.tick();
    expect(touch).toHaveBeenCalledTimes(2);
  });

  it('should write again at once when the window has passed', async () => {
    const subject = activity('10');
    await subject.touch('session-a');
    clock.time += 1000;

    await subject.touch('session-a');

    expect(touch).toHaveBeenCalledTimes(2);
    expect(await lastActivity('session-a')).toBe(clock.time);
  });

  it('should keep a session with an invocation running here fresh on every tick', async () => {
    const subject = activity('10');
    inFlight.track('inv-1', 'session-a', new AbortController(), new Promise(() => undefined));

    for (let tick = 1; tick <= 3; tick++) {
      clock.time += 4000;
      await subject.tick();
      expect(await lastActivity('session-a')).toBe(clock.time);
    }
    expect(subject.isIdle((await store.get('session-a')) as Session, clock.time + 60_000)).toBe(
      false,
    );
  });

  it('should count a renew as this replica write for the throttle', async () => {
    const subject = activity('10');
    subject.noteWritten('session-a', clock.time);

    await subject.touch('session-a');

    expect(touch).not.toHaveBeenCalled();
  });

  it('should judge idleness from last_activity_at, created_at for an older record, never when off', async () => {
    const session = record('session-b', clock.time);
    const { last_activity_at: _absent, ...legacy } = session;
    const on = activity('10');

    expect(on.isIdle(session, clock.time + 9999)).toBe(false);
    expect(on.isIdle(session, clock.time + 10_000)).toBe(true);
    expect(on.isIdle(legacy, clock.time + 10_000)).toBe(true);
    expect(
      on.isIdle(
        { ...session, last_activity_at: new Date(clock.time + 1).toISOString() },
        clock.time + 10_000,
      ),
    ).toBe(false);
    expect(activity('0').isIdle(session, clock.time + 10 ** 9)).toBe(false);
  });

  it('should log and not throw when the store cannot be written', async () => {
    const subject = activity('10');
    touch.mockRejectedValueOnce(new Error('valkey down'));

    await expect(subject.touch('session-a')).resolves.toBeUndefined();

    expect(logs).toEqual([
      expect.objectContaining({ msg: 'session activity: touch failed', session_id: 'session-a' }),
    ]);
  });

  it('should stop writing a session the store no longer has', async () => {
    const subject = activity('10');
    await subject.touch('session-gone');
    clock.time += 10;
    await subject.touch('session-gone');

    expect(touch).toHaveBeenCalledTimes(2);
  });
});
