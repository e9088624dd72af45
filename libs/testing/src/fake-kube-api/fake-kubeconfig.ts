/** A kubeconfig naming the fake server (plain http, so TLS verification is skipped). */
export function fakeKubeconfig(serverUrl: string, namespace: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${serverUrl}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: tester',
    '  user:',
    '    token: fake-token',
    'contexts:',
    '- name: fake',
    '  context:',
    '    cluster: fake',
    '    user: tester',
    `    namespace: ${namespace}`,
    'current-context: fake',
    '',
  ].join('\n');
}
