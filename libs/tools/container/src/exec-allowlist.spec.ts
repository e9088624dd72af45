import { AppException } from '#app/errors';
import { executableName, requireAllowlisted } from './exec-allowlist.js';

describe('exec allowlist', () => {
  it.each([['echo'], ['/usr/bin/python3'], ['/bin/LS'], ['/usr/local/bin/node'], ['false']])(
    'should allow %s',
    (executable) => {
      expect(() => requireAllowlisted([executable, 'x'])).not.toThrow();
    },
  );

  it.each([
    ['rm', 'rm'],
    ['/bin/rm', 'rm'],
    ['DD', 'dd'],
    ['sh', 'sh'],
    ['bash', 'bash'],
    ['/opt/tools/echo', '/opt/tools/echo'],
    ['curl', 'curl'],
  ])('should refuse %s as command not allowlisted: %s', (executable, name) => {
    let caught: unknown;
    try {
      requireAllowlisted([executable]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppException);
    expect(caught).toMatchObject({
      code: 'invalid_argument',
      message: `command not allowlisted: ${name}`,
    });
  });

  it('should strip only the known bin prefixes', () => {
    expect(executableName('/usr/bin/Env')).toBe('env');
    expect(executableName('/sbin/reboot')).toBe('/sbin/reboot');
  });
});
