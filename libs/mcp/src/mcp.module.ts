import { Module } from '@nestjs/common';
import { SessionsModule } from '#app/sessions';
import { McpController } from './mcp.controller.js';
import { McpSessions } from './mcp-sessions.js';
import { McpToolCall } from './mcp-tool-call.js';

/**
 * The MCP front end of the catalog (API.md 5.24). It lists and invokes through the invocation
 * library's `CatalogView` and `InvocationPipeline`, so MCP and REST share one governance path.
 */
@Module({
  imports: [SessionsModule],
  controllers: [McpController],
  providers: [McpSessions, McpToolCall],
})
export class McpModule {}
