import type { KubernetesConfig } from '#app/config';
import type { Session } from '#app/contracts';
import type { CommandRunner } from '../command-runner.port.js';
import { LocalWorkspaceRuntime } from '../local/local-workspace-runtime.js';
import { WorkspaceRuntimeFactory, type WorkspaceRuntime } from '../workspace-runtime.port.js';
import type { KubeClient } from '#app/kubernetes';
import { KubernetesWorkspaceRuntime } from './kubernetes-workspace-runtime.js';

/** Pod-backed runtimes for kubernetes sessions; a stored local record still gets the local runtime. */
export class KubernetesWorkspaceRuntimeFactory extends WorkspaceRuntimeFactory {
  constructor(
    private readonly config: KubernetesConfig,
    private readonly client: KubeClient,
    private readonly localRunner: CommandRunner,
  ) {
    super();
  }

  override forSession(session: Session): WorkspaceRuntime {
    if (session.runtime.kind !== 'kubernetes') {
      return new LocalWorkspaceRuntime(session, this.localRunner);
    }
    return new KubernetesWorkspaceRuntime(session, this.client, {
      namespace: this.config.namespace,
      container: this.config.container,
    });
  }
}
