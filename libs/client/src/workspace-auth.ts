/** The identity a gateway would inject in `trusted_headers` mode (API.md 4.1). */
export interface WorkspaceAuth {
  /** The shared secret (`X-Workspace-Auth-Token`). */
  token: string;
  tenant: string;
  actor: string;
  roles?: readonly string[];
  /** Header names, when the service renamed them (WORKSPACE_AUTH_*_HEADER, CONFIG.md). */
  headerNames?: { token?: string; tenant?: string; actor?: string; roles?: string };
}

/** The identity headers sent with every request; none in `payload` mode (no `auth`). */
export function authHeaders(auth: WorkspaceAuth | undefined): Record<string, string> {
  if (auth === undefined) {
    return {};
  }
  const names = auth.headerNames ?? {};
  return {
    [names.token ?? 'X-Workspace-Auth-Token']: auth.token,
    [names.tenant ?? 'X-Workspace-Tenant-Id']: auth.tenant,
    [names.actor ?? 'X-Workspace-Actor-Id']: auth.actor,
    ...(auth.roles !== undefined && auth.roles.length > 0
      ? { [names.roles ?? 'X-Workspace-Roles']: auth.roles.join(',') }
      : {}),
  };
}
