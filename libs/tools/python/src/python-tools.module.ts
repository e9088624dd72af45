import { Module } from '@nestjs/common';

import { PythonInstallDepsTool } from './install-deps.tool.js';
import { PythonTestTool } from './test.tool.js';
import { PythonValidateTool } from './validate.tool.js';

/** CATALOG.md 7: the three `python.*` tools (interpreter per CATALOG.md 3.8). */
@Module({ providers: [PythonInstallDepsTool, PythonValidateTool, PythonTestTool] })
export class PythonToolsModule {}
