import { Module } from '@nestjs/common';
import { PolicyEngine } from './policy-engine.port.js';
import {
  ConfigurablePolicyModule,
  POLICY_MODULE_OPTIONS,
  type PolicyModuleOptions,
} from './policy.module-definition.js';
import { StaticPolicyEngine } from './static-policy-engine.js';

export function createPolicyEngine(options: PolicyModuleOptions): PolicyEngine {
  switch (options.engine) {
    case 'static':
      return new StaticPolicyEngine();
    default: {
      const unknown: never = options.engine;
      throw new Error(`unknown policy engine: ${String(unknown)}`);
    }
  }
}

/**
 * Provides the `PolicyEngine` port. Global by default (`isGlobal: true`), so the invoke pipeline
 * can inject it without importing this module.
 *
 * @example PolicyModule.forRoot({ engine: 'static' })
 * @throws Error at boot when `engine` names no known engine.
 */
@Module({
  providers: [
    {
      provide: PolicyEngine,
      inject: [POLICY_MODULE_OPTIONS],
      useFactory: createPolicyEngine,
    },
  ],
  exports: [PolicyEngine],
})
export class PolicyModule extends ConfigurablePolicyModule {}
