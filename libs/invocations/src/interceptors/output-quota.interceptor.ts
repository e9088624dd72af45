import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import type { ToolResult } from '#app/tool-registry';
import type { InvocationInterceptor } from '../invocation-interceptor.js';

/** E3 output quota: UTF-8 bytes of the compact JSON output (`null` = 0); equal to the limit passes. */
@Injectable()
export class OutputQuotaInterceptor implements InvocationInterceptor {
  constructor(private readonly config: AppConfig) {}

  inspect(result: ToolResult): void {
    const limit = this.config.limits.maxOutputBytes;
    if (limit <= 0 || result.output === undefined || result.output === null) {
      return;
    }
    if (Buffer.byteLength(JSON.stringify(result.output), 'utf8') > limit) {
      throw new AppException('quota_exceeded', 'invocation output size quota exceeded');
    }
  }
}
