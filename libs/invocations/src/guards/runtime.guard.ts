import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { K8S_DELIVERY_TOOLS, type Capability, type Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { InvocationContext } from '../invocation-context.js';
import type { GateCheck, InvocationGuard } from '../invocation-guard.js';

/** D2: cluster tools need a kubernetes session; delivery tools also need their flag. */
@Injectable()
export class RuntimeGuard implements InvocationGuard {
  constructor(private readonly config: AppConfig) {}

  async check({ capability, session }: InvocationContext): Promise<void> {
    const refusal = this.refusal(capability, session);
    if (refusal) {
      throw new AppException('policy_denied', refusal);
    }
  }

  /** `runtime` of API.md 5.23: only cluster-scope tools depend on the session's runtime. */
  async explain({ capability, session }: InvocationContext): Promise<GateCheck[]> {
    if (capability.scope !== 'cluster') {
      return [
        { name: 'runtime', result: 'skip', detail: 'only cluster-scope tools need a runtime' },
      ];
    }
    const refusal = this.refusal(capability, session);
    return [
      refusal
        ? {
            name: 'runtime',
            result: 'fail',
            detail: refusal,
            refusal: { code: 'policy_denied', message: refusal },
          }
        : { name: 'runtime', result: 'pass', detail: 'cluster tool on a kubernetes session' },
    ];
  }

  /** The denial message, or `null` when the tool may run here (also used to filter listings). */
  refusal(capability: Capability, session: Session): string | null {
    if (capability.scope !== 'cluster') {
      return null;
    }
    if (session.runtime.kind !== 'kubernetes') {
      return 'tool requires kubernetes runtime';
    }
    const canonical = capability.alias_of ?? capability.name;
    if (K8S_DELIVERY_TOOLS.includes(canonical) && !this.config.tools.enableK8sDeliveryTools) {
      return 'k8s delivery tools are disabled by configuration';
    }
    return null;
  }
}
