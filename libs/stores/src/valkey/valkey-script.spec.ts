import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openTestConnection, redisAvailable } from '../testing/valkey-test-connection.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { ValkeyScript } from './valkey-script.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

describeRedis('ValkeyScript', () => {
  let connection: ValkeyConnection;
  let key: string;

  beforeAll(async () => {
    connection = await openTestConnection();
  });

  afterAll(async () => {
    await connection.close();
  });

  beforeEach(() => {
    key = `valkey-script-spec:${randomUUID()}`;
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await connection.client.del(key);
  });

  // A fresh text per test: the server has never seen it, as after a deployment of a new script.
  function echoScript(): ValkeyScript {
    return new ValkeyScript(
      `-- ${randomUUID()}\nredis.call('SET', KEYS[1], ARGV[1]) return ARGV[1]`,
      1,
    );
  }

  function sentOnTheWire(): () => string[] {
    const written: string[] = [];
    const stream = connection.client.stream;
    const write = stream.write.bind(stream);
    jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Buffer, ...rest: never[]) => {
      written.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write);
    return () => written;
  }

  it('should send the text only when the server lacks it and only the SHA1 afterwards', async () => {
    const script = echoScript();
    const wire = sentOnTheWire();

    expect(await script.run(connection.client, key, 'first')).toBe('first');
    expect(await script.run(connection.client, key, 'second')).toBe('second');

    const evalsha = new RegExp(`^\\*5\\r\\n\\$7\\r\\nevalsha\\r\\n\\$40\\r\\n${script.sha}\\r\\n`);
    const [unknown, withText, known] = wire();
    expect(unknown).toMatch(evalsha);
    expect(withText).toMatch(/^\*5\r\n\$4\r\neval\r\n/);
    expect(withText).toContain(script.lua);
    expect(known).toMatch(evalsha);
    expect(wire()).toHaveLength(3);
    expect(await connection.client.get(key)).toBe('second');
  });

  it('should run again after the server lost its scripts (NOSCRIPT, as after a restart)', async () => {
    const script = echoScript();
    await script.run(connection.client, key, 'before');

    await connection.client.script('FLUSH');

    expect(await script.run(connection.client, key, 'after')).toBe('after');
    expect(await connection.client.get(key)).toBe('after');
  });

  it('should reject with the error the script raised', async () => {
    const failing = new ValkeyScript(`return redis.error_reply('ERR spec failure')`, 0);

    await expect(failing.run(connection.client)).rejects.toThrow('spec failure');
  });
});
