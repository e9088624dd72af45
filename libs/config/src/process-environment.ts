/**
 * The one read of the process environment: a snapshot taken at boot. The configuration is parsed
 * from it, and child processes inherit it (minus service secrets) — nothing reads `process.env` later.
 */
export function snapshotProcessEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}
