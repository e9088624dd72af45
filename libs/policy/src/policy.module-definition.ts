import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface PolicyModuleOptions {
  /** Which engine backs the `PolicyEngine` port; `static` is the in-process rules of API.md 7. */
  engine: 'static';
}

export const {
  ConfigurableModuleClass: ConfigurablePolicyModule,
  MODULE_OPTIONS_TOKEN: POLICY_MODULE_OPTIONS,
  OPTIONS_TYPE: POLICY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: POLICY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<PolicyModuleOptions>({ moduleName: 'Policy' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
