import { buildChildEnvironment } from './child-env.js';

describe('buildChildEnvironment', () => {
  it('should drop service settings and secrets when they are in the service environment', () => {
    const env = buildChildEnvironment({
      WORKSPACE_ROOT: '/tmp/ws',
      VALKEY_URL: 'redis://x',
      INVOCATION_STORE_BACKEND: 'valkey',
      SESSION_STORE_BACKEND: 'valkey',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel',
      KUBECONFIG: '/root/.kube/config',
      GITHUB_TOKEN: 'ghp',
      github_token: 'ghp',
      DbPassword: 'pw',
      MY_SECRET_KEY: 's',
    });

    expect(env).toEqual({ GIT_TERMINAL_PROMPT: '0' });
  });

  it('should keep toolchain variables when they carry no secret', () => {
    const env = buildChildEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/u',
      GOPATH: '/go',
      NPM_CONFIG_CACHE: '/c',
      MY_WORKSPACE_ROOT: 'kept: the prefix rule only applies at the start',
      UNSET: undefined,
    });

    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      GOPATH: '/go',
      NPM_CONFIG_CACHE: '/c',
      MY_WORKSPACE_ROOT: 'kept: the prefix rule only applies at the start',
      GIT_TERMINAL_PROMPT: '0',
    });
  });

  it('should apply extra variables last when they are given', () => {
    const env = buildChildEnvironment(
      { GIT_TERMINAL_PROMPT: '1', LC_ALL: 'en_US.UTF-8' },
      { LC_ALL: 'C', GIT_PAGER: 'cat' },
    );

    expect(env).toEqual({ GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_PAGER: 'cat' });
  });
});
