import { Module } from '@nestjs/common';
import {
  FixtureApprovalTool,
  FixtureBlockTool,
  FixtureClusterTool,
  FixtureCrashTool,
  FixtureEchoTool,
  FixtureMissingTool,
  FixtureOtherTool,
  FixtureSleepyTool,
  K8sApplyManifestTool,
} from './fixture-control-tools.js';
import {
  FixtureBadOutputTool,
  FixtureDirectWriteTool,
  FixtureNoisyTool,
  FixturePartialTool,
  FixtureProtoRequiredTool,
  FixtureThreeTool,
} from './fixture-result-tools.js';

@Module({
  providers: [
    FixtureEchoTool,
    FixtureOtherTool,
    FixtureSleepyTool,
    FixtureBlockTool,
    FixturePartialTool,
    FixtureBadOutputTool,
    FixtureProtoRequiredTool,
    FixtureCrashTool,
    FixtureMissingTool,
    FixtureThreeTool,
    FixtureNoisyTool,
    FixtureDirectWriteTool,
    FixtureApprovalTool,
    FixtureClusterTool,
    K8sApplyManifestTool,
  ],
})
export class FixtureToolsModule {}
