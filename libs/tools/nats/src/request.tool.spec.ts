import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ConnectionProfiles } from '#app/connections';
import {
  runConnectionTool,
  failureOf,
  LOCAL_SERVICES,
  localProfiles,
  uniqueName,
} from '#app/connections/testing';
import { requireService } from '#app/testing';
import { NatsRequestTool } from './request.tool.js';

const natsUp = await requireService('NATS', LOCAL_SERVICES.nats.host, LOCAL_SERVICES.nats.port);

(natsUp ? describe : describe.skip)('NatsRequestTool (real NATS)', () => {
  const root = uniqueName('wes-test');
  const { profiles, leases, metadata } = localProfiles('nats', { subjects: [`${root}.>`] });
  const tool = new NatsRequestTool(profiles, leases);
  let responder: NatsConnection;

  beforeAll(async () => {
    responder = await connect({ servers: LOCAL_SERVICES.nats.endpoint });
    responder.subscribe(`${root}.echo`, {
      callback: (_error, message) => void message.respond(`echo:${message.string()}`),
    });
    await responder.flush();
  });

  afterAll(() => responder.close());

  it('should return the reply as base64 when a responder answers', async () => {
    const result = await runConnectionTool(
      tool,
      { profile_id: 'ro.nats', subject: `${root}.echo`, payload: 'ping' },
      { metadata },
    );
    expect(result.output).toEqual({
      profile_id: 'ro.nats',
      subject: `${root}.echo`,
      response_base64: Buffer.from('echo:ping').toString('base64'),
      response_bytes: 9,
      truncated: false,
    });
  });

  it('should cut the reply to max_bytes and flag it', async () => {
    const result = await runConnectionTool(
      tool,
      { profile_id: 'test.nats', subject: `${root}.echo`, payload: 'ping', max_bytes: 4 },
      { metadata },
    );
    expect(result.output).toMatchObject({
      response_base64: Buffer.from('echo').toString('base64'),
      response_bytes: 9,
      truncated: true,
    });
  });

  it('should answer execution_failed when nobody responds on the subject', async () => {
    expect(
      await failureOf(
        runConnectionTool(
          tool,
          { profile_id: 'test.nats', subject: `${root}.nobody` },
          { metadata },
        ),
      ),
    ).toEqual({
      code: 'execution_failed',
      message: 'no responders for subject',
      retryable: false,
    });
  });

  it('should answer timeout when the responder is too slow', async () => {
    responder.subscribe(`${root}.slow`, {
      callback: (_error, message) => void setTimeout(() => message.respond('late'), 1500).unref(),
    });
    await responder.flush();
    const started = Date.now();
    const failure = await failureOf(
      runConnectionTool(
        tool,
        { profile_id: 'test.nats', subject: `${root}.slow`, timeout_ms: 300 },
        { metadata },
      ),
    );
    expect(failure).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('should refuse an endpoint whose host is outside the allowlist', async () => {
    const guarded = new NatsRequestTool(
      new ConnectionProfiles({
        endpoints: { 'test.nats': LOCAL_SERVICES.nats.endpoint },
        hostAllowlist: { 'test.nats': ['*.internal'] },
      }),
      leases,
    );
    expect(
      await failureOf(
        runConnectionTool(
          guarded,
          { profile_id: 'test.nats', subject: `${root}.echo` },
          { metadata },
        ),
      ),
    ).toEqual({
      code: 'execution_failed',
      message: 'nats profile endpoint not configured',
      retryable: false,
    });
  });
});
