import { isStrict } from './container-strictness.js';
import { configWith } from './testing/container-fixture.js';

describe('isStrict', () => {
  it('should default to strict when the request says nothing', () => {
    expect(isStrict(configWith().tools, undefined)).toBe(true);
  });

  it('should follow the request when synthetic fallbacks are allowed', () => {
    expect(isStrict(configWith().tools, false)).toBe(false);
    expect(
      isStrict(configWith({ WORKSPACE_CONTAINER_STRICT_BY_DEFAULT: 'false' }).tools, undefined),
    ).toBe(false);
    expect(
      isStrict(configWith({ WORKSPACE_CONTAINER_STRICT_BY_DEFAULT: 'false' }).tools, true),
    ).toBe(true);
  });

  it('should force strict mode when synthetic fallbacks are disallowed whatever the request says', () => {
    const tools = configWith({
      WORKSPACE_CONTAINER_ALLOW_SYNTHETIC_FALLBACK: 'false',
      WORKSPACE_CONTAINER_STRICT_BY_DEFAULT: 'false',
    }).tools;
    expect(isStrict(tools, false)).toBe(true);
    expect(isStrict(tools, undefined)).toBe(true);
  });
});
