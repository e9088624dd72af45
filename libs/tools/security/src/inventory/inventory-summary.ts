import type { Dependency, InventoryDiagnostic } from './dependency.js';

/** `found 4 dependencies (go 1, npm 3)` plus the diagnostics, so a malformed file is visible in `summary`. */
export function inventorySummary(
  dependencies: readonly Dependency[],
  diagnostics: readonly InventoryDiagnostic[],
): string {
  const counts = new Map<string, number>();
  for (const entry of dependencies) {
    counts.set(entry.ecosystem, (counts.get(entry.ecosystem) ?? 0) + 1);
  }
  const perEcosystem = [...counts].map(([ecosystem, count]) => `${ecosystem} ${count}`).join(', ');
  const noun = dependencies.length === 1 ? 'dependency' : 'dependencies';
  const found = `found ${dependencies.length} ${noun}${perEcosystem === '' ? '' : ` (${perEcosystem})`}`;
  return diagnostics.length === 0
    ? found
    : `${found}; ${diagnostics.map((d) => `${d.file}: ${d.message}`).join('; ')}`;
}

/** The text report: one `ecosystem name version license` line per dependency, then the diagnostics. */
export function inventoryReport(
  command: readonly string[],
  dependencies: readonly Dependency[],
  diagnostics: readonly InventoryDiagnostic[],
): string {
  const lines = [`$ ${command.join(' ')}`];
  lines.push(...dependencies.map((d) => `${d.ecosystem} ${d.name} ${d.version} ${d.license}`));
  lines.push(...diagnostics.map((d) => `diagnostic: ${d.file}: ${d.message}`));
  return `${lines.join('\n')}\n`;
}
