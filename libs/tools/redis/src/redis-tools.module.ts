import { Module } from '@nestjs/common';
import { ConnectionsModule } from '#app/connections';
import { RedisDelTool } from './del.tool.js';
import { RedisExistsTool } from './exists.tool.js';
import { RedisGetTool } from './get.tool.js';
import { RedisMgetTool } from './mget.tool.js';
import { RedisScanTool } from './scan.tool.js';
import { RedisSetTool } from './set.tool.js';
import { RedisTtlTool } from './ttl.tool.js';

/** CATALOG.md 14: the seven `redis.*` tools; a new client per call. */
@Module({
  imports: [ConnectionsModule],
  providers: [
    RedisGetTool,
    RedisMgetTool,
    RedisScanTool,
    RedisTtlTool,
    RedisExistsTool,
    RedisSetTool,
    RedisDelTool,
  ],
})
export class RedisToolsModule {}
