/**
 * `checks.sandbox` of `/readyz` (API.md 5.3) as the two `workspace_dependency_up` series (API.md
 * 11.1): whether commands can run at all, and whether network-enabled ones can. `off` is no
 * dependency, so it yields nothing (and an alert on the sandbox can never fire for it).
 */
export function sandboxHealth(line: string): { sandbox: boolean; network: boolean } | null {
  if (line === 'off') {
    return null;
  }
  if (line === 'ok') {
    return { sandbox: true, network: true };
  }
  if (line.startsWith('ok, network unavailable:')) {
    return { sandbox: true, network: false };
  }
  // `unavailable: <reason>`, or anything this build does not know: fail closed.
  return { sandbox: false, network: false };
}
