import { Module } from '@nestjs/common';

import { QualityGateTool } from './gate.tool.js';

/** CATALOG.md 8: `quality.gate`. */
@Module({ providers: [QualityGateTool] })
export class QualityToolsModule {}
