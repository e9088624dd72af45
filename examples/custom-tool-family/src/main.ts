import { bootstrap } from '#workspace-service';
import { TextToolsModule } from './text-tools.module.js';

// The platform team's entry point: the whole service, plus the `text.*` family.
await bootstrap({ toolModules: [TextToolsModule] });
