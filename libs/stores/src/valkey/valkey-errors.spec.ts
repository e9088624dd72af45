import { AppException } from '#app/errors';
import { valkeyCall } from './valkey-errors.js';

describe('valkeyCall', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a write while offline',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ],
    ['a closed connection', new Error('Connection is closed.')],
    ['a command timeout', new Error('Command timed out')],
    [
      'exhausted retries',
      Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
  ])('should answer unavailable when the failure is %s', async (_label, error) => {
    await expect(valkeyCall(() => Promise.reject(error))).rejects.toMatchObject({
      constructor: AppException,
      code: 'unavailable',
      message: 'valkey unavailable',
    });
  });

  it.each([
    ['a command', "OOM command not allowed when used memory > 'maxmemory'."],
    [
      'a script',
      "OOM command not allowed when used memory > 'maxmemory'. script: 9405b057219b095af53ade2defba42938c4e5b28, on @user_script:1.",
    ],
  ])('should answer unavailable when Valkey is out of memory for %s', async (_label, text) => {
    await expect(valkeyCall(() => Promise.reject(new Error(text)))).rejects.toMatchObject({
      constructor: AppException,
      code: 'unavailable',
      message: 'valkey out of memory',
    });
  });

  it('should keep the original error when Valkey rejects the command itself', async () => {
    const wrongType = new Error(
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    );

    await expect(valkeyCall(() => Promise.reject(wrongType))).rejects.toBe(wrongType);
  });

  it('should return the value when the operation succeeds', async () => {
    expect(await valkeyCall(async () => 'OK')).toBe('OK');
  });
});
