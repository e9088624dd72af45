import { AppConfig, loadAppConfig } from '#app/config';
import { workspaceOptionsFrom } from './workspace-options.js';

const serviceEnv = { PATH: '/usr/bin' };

describe('workspaceOptionsFrom', () => {
  it('should give the local backend its directories and sandbox mode', () => {
    const config = loadAppConfig({ WORKSPACE_ROOT: '/srv/ws', ARTIFACT_ROOT: '/srv/artifacts' });

    expect(workspaceOptionsFrom(config, serviceEnv)).toEqual({
      backend: 'local',
      root: '/srv/ws',
      serviceEnv,
      localSandbox: 'required',
      artifactRoot: '/srv/artifacts',
    });
  });

  it('should give the kubernetes backend its kubernetes settings only', () => {
    const config = loadAppConfig({ WORKSPACE_BACKEND: 'kubernetes' });

    expect(workspaceOptionsFrom(config, serviceEnv)).toEqual({
      backend: 'kubernetes',
      serviceEnv,
      kubernetes: config.kubernetes,
    });
  });

  it('should stop the start when the kubernetes backend has no kubernetes settings', () => {
    const config = new AppConfig({
      ...loadAppConfig({ WORKSPACE_BACKEND: 'kubernetes' }),
      kubernetes: null,
    });

    expect(() => workspaceOptionsFrom(config, serviceEnv)).toThrow(
      'kubernetes client: the kubernetes configuration is missing',
    );
  });
});
