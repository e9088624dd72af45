import { Module } from '@nestjs/common';
import { K8sApplyManifestTool } from './apply-manifest.tool.js';
import { K8sGetDeploymentsTool } from './get-deployments.tool.js';
import { K8sGetImagesTool } from './get-images.tool.js';
import { K8sGetLogsTool } from './get-logs.tool.js';
import { K8sGetPodsTool } from './get-pods.tool.js';
import { K8sGetServicesTool } from './get-services.tool.js';
import { K8sToolContext } from './k8s-context.js';
import { K8sRestartDeploymentTool } from './restart-deployment.tool.js';
import { K8sRolloutStatusTool } from './rollout-status.tool.js';

/** CATALOG.md 19: five cluster reads and three delivery tools, through the service's own client. */
@Module({
  providers: [
    K8sToolContext,
    K8sGetPodsTool,
    K8sGetServicesTool,
    K8sGetDeploymentsTool,
    K8sGetImagesTool,
    K8sGetLogsTool,
    K8sApplyManifestTool,
    K8sRolloutStatusTool,
    K8sRestartDeploymentTool,
  ],
})
export class K8sToolsModule {}
