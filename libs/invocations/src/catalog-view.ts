import { Injectable } from '@nestjs/common';
import type { Capability, Session } from '#app/contracts';
import { PolicyEngine } from '#app/policy';
import { ToolRegistry } from '#app/tool-registry';
import { RuntimeGuard } from './guards/runtime.guard.js';

/**
 * API.md 5.9: the catalog a session may use — runtime filter, then the static policy evaluated with
 * `args = {}` and `approved = true` (so approval-gated tools are listed).
 */
@Injectable()
export class CatalogView {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly runtimeGuard: RuntimeGuard,
    private readonly policy: PolicyEngine,
  ) {}

  async forSession(session: Session): Promise<Capability[]> {
    const visible: Capability[] = [];
    for (const { capability } of this.registry.list()) {
      if (this.runtimeGuard.refusal(capability, session)) {
        continue;
      }
      const decision = await this.policy.evaluate({
        capability,
        session,
        args: {},
        approved: true,
      });
      if (decision.allowed) {
        visible.push(capability);
      }
    }
    return visible;
  }
}
