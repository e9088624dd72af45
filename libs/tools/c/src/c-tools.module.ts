import { Module } from '@nestjs/common';

import { CBuildTool } from './build.tool.js';
import { CTestTool } from './test.tool.js';

/** CATALOG.md 7: the two `c.*` tools (`cc`, sources per CATALOG.md 3.9). */
@Module({ providers: [CBuildTool, CTestTool] })
export class CToolsModule {}
