import { Module } from '@nestjs/common';

import { SecurityLicenseCheckTool } from './license-check.tool.js';
import { SbomGenerateTool } from './sbom-generate.tool.js';
import { SecurityScanContainerTool } from './scan-container.tool.js';
import { SecurityScanDependenciesTool } from './scan-dependencies.tool.js';
import { SecurityScanSecretsTool } from './scan-secrets.tool.js';

/**
 * CATALOG.md 20–21: `security.scan_dependencies`, `security.license_check`, `security.scan_secrets`,
 * `security.scan_container`, `sbom.generate`, and through their `aliases` the `deps.list`, `license.check` and `secrets.scan`
 * entries. `sbom.generate` lives here because it shares the dependency inventory and one family
 * library must not import another. Files are reached only through `ToolContext.workspace`.
 */
@Module({
  providers: [
    SecurityScanDependenciesTool,
    SecurityLicenseCheckTool,
    SecurityScanSecretsTool,
    SecurityScanContainerTool,
    SbomGenerateTool,
  ],
})
export class SecurityToolsModule {}
