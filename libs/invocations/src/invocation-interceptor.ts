import type { ToolResult } from '#app/tool-registry';

/**
 * A tool-level interceptor of the invoke pipeline (API.md 6 E3): it sees a successful handler
 * result before anything is persisted and may refuse it by throwing an `AppException`.
 */
export interface InvocationInterceptor {
  inspect(result: ToolResult): void;
}
