import type { ContainerBuilder } from './container-builder.js';
import { programPath } from './image-paths.js';

export interface ImageBuildPlan {
  noCache: boolean;
  dockerfile: string;
  context: string;
  tag: string;
}

/** The builder's arguments for one build; buildah names its Dockerfile build `bud`. */
export function imageBuildArguments(builder: ContainerBuilder, plan: ImageBuildPlan): string[] {
  return [
    builder === 'buildah' ? 'bud' : 'build',
    ...(plan.noCache ? ['--no-cache'] : []),
    '-f',
    programPath(plan.dockerfile),
    '-t',
    plan.tag,
    programPath(plan.context),
  ];
}
