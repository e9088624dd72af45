// Prints the plain closing line CI reads ("N passed, N failed") from Jest's JSON report.
import { readFileSync } from 'node:fs';

try {
  const report = JSON.parse(readFileSync('coverage/jest-results.json', 'utf8'));
  console.log(
    `jest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
  );
} catch {
  console.log('jest: no test report was written (the run stopped before the tests)');
}
