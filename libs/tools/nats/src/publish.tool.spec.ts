import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  runConnectionTool,
  failureOf,
  LOCAL_SERVICES,
  localProfiles,
  uniqueName,
} from '#app/connections/testing';
import { requireService } from '#app/testing';
import { NatsPublishTool } from './publish.tool.js';

const natsUp = await requireService('NATS', LOCAL_SERVICES.nats.host, LOCAL_SERVICES.nats.port);

(natsUp ? describe : describe.skip)('NatsPublishTool (real NATS)', () => {
  const root = uniqueName('wes-test');
  const { profiles, leases, metadata } = localProfiles('nats', { subjects: [`${root}.>`] });
  const tool = new NatsPublishTool(profiles, leases);
  let observer: NatsConnection;

  beforeAll(async () => {
    observer = await connect({ servers: LOCAL_SERVICES.nats.endpoint });
  });

  afterAll(() => observer.close());

  it('should publish the decoded payload when the profile is writable and the subject in scope', async () => {
    const subject = `${root}.events`;
    const received = observer.subscribe(subject, { max: 1 });
    await observer.flush();
    const result = await runConnectionTool(
      tool,
      { profile_id: 'test.nats', subject, payload: 'aGk=', payload_encoding: 'base64' },
      { metadata },
    );
    expect(result.output).toEqual({
      profile_id: 'test.nats',
      subject,
      payload_bytes: 2,
      payload_encoding: 'base64',
      published: true,
    });
    for await (const message of received) {
      expect(message.string()).toBe('hi');
    }
  });

  it('should refuse a read-only profile before connecting', async () => {
    expect(
      await failureOf(
        runConnectionTool(tool, { profile_id: 'ro.nats', subject: `${root}.x` }, { metadata }),
      ),
    ).toEqual({
      code: 'policy_denied',
      message: 'profile is read_only',
      retryable: false,
    });
  });

  it('should refuse the built-in profiles, which are all read-only', async () => {
    expect(
      await failureOf(runConnectionTool(tool, { profile_id: 'dev.nats', subject: 'dev.x' })),
    ).toMatchObject({
      message: 'profile is read_only',
    });
  });

  it('should refuse a subject outside the profile scope', async () => {
    expect(
      await failureOf(
        runConnectionTool(tool, { profile_id: 'test.nats', subject: 'prod.orders' }, { metadata }),
      ),
    ).toEqual({
      code: 'policy_denied',
      message: 'subject outside profile allowlist',
      retryable: false,
    });
  });

  it('should refuse a payload larger than max_bytes and invalid base64', async () => {
    const args = {
      profile_id: 'test.nats',
      subject: `${root}.big`,
      payload: 'abcdef',
      max_bytes: 5,
    };
    expect(await failureOf(runConnectionTool(tool, args, { metadata }))).toMatchObject({
      code: 'invalid_argument',
      message: 'payload exceeds max_bytes (5)',
    });
    const bad = {
      profile_id: 'test.nats',
      subject: `${root}.big`,
      payload: '%%%',
      payload_encoding: 'base64',
    };
    expect((await failureOf(runConnectionTool(tool, bad, { metadata }))).code).toBe(
      'invalid_argument',
    );
  });

  it('should answer not_found for an unknown or hidden profile and invalid_argument for another kind', async () => {
    expect(
      (
        await failureOf(
          runConnectionTool(tool, { profile_id: 'nope', subject: `${root}.x` }, { metadata }),
        )
      ).message,
    ).toBe('connection profile not found: nope');
    const hidden = { ...metadata, allowed_profiles: 'ro.nats' };
    expect(
      (
        await failureOf(
          runConnectionTool(
            tool,
            { profile_id: 'test.nats', subject: `${root}.x` },
            { metadata: hidden },
          ),
        )
      ).code,
    ).toBe('not_found');
    expect(
      (
        await failureOf(
          runConnectionTool(tool, { profile_id: 'other.kind', subject: `${root}.x` }, { metadata }),
        )
      ).message,
    ).toBe('profile other.kind has kind redis, expected nats');
  });

  it('should answer execution_failed retryable quickly when the endpoint is unreachable', async () => {
    const started = Date.now();
    const failure = await failureOf(
      runConnectionTool(
        tool,
        { profile_id: 'down.nats', subject: `${root}.x`, timeout_ms: 3000 },
        { metadata },
      ),
    );
    expect(failure).toMatchObject({ code: 'execution_failed', retryable: true });
    expect(failure.message).toMatch(/^nats connection failed/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(leases.openCount).toBe(0);
  });

  it.each(['*', '>', `${root}.*`, `${root}.>`])(
    'should refuse to publish to the wildcard subject %s',
    async (subject) => {
      const outcome = failureOf(
        runConnectionTool(tool, { profile_id: 'test.nats', subject }, { metadata }),
      );
      expect(await outcome).toMatchObject({
        code: 'invalid_argument',
        message: 'subject must not contain wildcards',
      });
      expect(leases.openCount).toBe(0);
    },
  );
});
