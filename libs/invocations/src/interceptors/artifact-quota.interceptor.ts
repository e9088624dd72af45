import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import type { ToolResult } from '#app/tool-registry';
import type { InvocationInterceptor } from '../invocation-interceptor.js';

/** E3 artifact quotas: count first, then total bytes, of tool artifacts only. */
@Injectable()
export class ArtifactQuotaInterceptor implements InvocationInterceptor {
  constructor(private readonly config: AppConfig) {}

  inspect(result: ToolResult): void {
    const { maxArtifacts, maxArtifactBytes } = this.config.limits;
    const artifacts = result.artifacts ?? [];
    if (maxArtifacts > 0 && artifacts.length > maxArtifacts) {
      throw new AppException('quota_exceeded', 'invocation artifact count quota exceeded');
    }
    const bytes = artifacts.reduce((sum, artifact) => sum + artifact.data.length, 0);
    if (maxArtifactBytes > 0 && bytes > maxArtifactBytes) {
      throw new AppException('quota_exceeded', 'invocation artifact size quota exceeded');
    }
  }
}
