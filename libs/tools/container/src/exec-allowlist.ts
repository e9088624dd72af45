import { AppException } from '#app/errors';

const ALLOWED = new Set([
  'echo',
  'cat',
  'ls',
  'pwd',
  'env',
  'id',
  'whoami',
  'date',
  'uname',
  'true',
  'false',
  'sleep',
  'python',
  'python3',
  'node',
  'go',
  'npm',
]);
// Listed to document intent: they are refused like every other name outside ALLOWED.
const REFUSED = new Set([
  'rm',
  'mkfs',
  'dd',
  'mount',
  'umount',
  'shutdown',
  'reboot',
  'halt',
  'poweroff',
]);
const STRIPPED_PREFIXES = ['/usr/local/bin/', '/usr/bin/', '/bin/'];

/** The executable name the allowlist judges: known bin prefixes stripped, lowercased. */
export function executableName(executable: string): string {
  const prefix = STRIPPED_PREFIXES.find((candidate) => executable.startsWith(candidate));
  return (prefix === undefined ? executable : executable.slice(prefix.length)).toLowerCase();
}

/** CATALOG.md 18 exec command allowlist → `invalid_argument` `command not allowlisted: <name>`. */
export function requireAllowlisted(command: readonly string[]): void {
  const name = executableName(command[0] ?? '');
  if (REFUSED.has(name) || !ALLOWED.has(name)) {
    throw new AppException('invalid_argument', `command not allowlisted: ${name}`);
  }
}
