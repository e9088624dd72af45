// Coverage gate: line coverage of the core (libs/: application layer and adapters) must reach the
// minimum. Reads the json-summary written by `jest --coverage` in test:unit.
import { readFileSync } from 'node:fs';

const minimum = Number(process.env.COVERAGE_MIN ?? 80);
let summary;
try {
  summary = JSON.parse(readFileSync('coverage/coverage-summary.json', 'utf8'));
} catch {
  console.error(
    'coverage gate: coverage/coverage-summary.json is missing; run `npm run test:unit` first',
  );
  process.exit(1);
}
const pct = summary.total.lines.pct;
if (pct < minimum) {
  console.error(`coverage gate: libs/ line coverage ${pct}% is below ${minimum}%`);
  process.exit(1);
}
console.log(`coverage gate: libs/ line coverage ${pct}% (minimum ${minimum}%)`);
