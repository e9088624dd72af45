import { Module } from '@nestjs/common';
import { ApplyManifestTool } from './apply-manifest.tool.js';
import { GetDeploymentsTool } from './get-deployments.tool.js';
import { GetImagesTool } from './get-images.tool.js';
import { GetLogsTool } from './get-logs.tool.js';
import { GetPodsTool } from './get-pods.tool.js';
import { GetServicesTool } from './get-services.tool.js';
import { K8sToolContext } from './k8s-context.js';
import { RestartDeploymentTool } from './restart-deployment.tool.js';
import { RolloutStatusTool } from './rollout-status.tool.js';

/** CATALOG.md 19: five cluster reads and three delivery tools, through the service's own client. */
@Module({
  providers: [
    K8sToolContext,
    GetPodsTool,
    GetServicesTool,
    GetDeploymentsTool,
    GetImagesTool,
    GetLogsTool,
    ApplyManifestTool,
    RolloutStatusTool,
    RestartDeploymentTool,
  ],
})
export class K8sToolsModule {}
