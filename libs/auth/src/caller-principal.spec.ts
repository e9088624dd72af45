import { loadAppConfig } from '#app/config';
import { callerPrincipal } from './caller-principal.js';

describe('callerPrincipal', () => {
  const trusted = loadAppConfig({
    WORKSPACE_AUTH_MODE: 'trusted_headers',
    WORKSPACE_AUTH_SHARED_TOKEN: 't',
  });
  const principal = { tenant_id: 'a', actor_id: 'b', roles: [] };

  it('should refuse with 401 in trusted mode when the route was not authenticated', () => {
    expect(() => callerPrincipal(trusted, {})).toThrow('invalid authentication token');
  });

  it('should return the authenticated principal in trusted mode', () => {
    expect(callerPrincipal(trusted, { principal })).toBe(principal);
  });

  it('should return null in payload mode, whatever the request carries', () => {
    expect(callerPrincipal(loadAppConfig({}), { principal })).toBeNull();
  });
});
