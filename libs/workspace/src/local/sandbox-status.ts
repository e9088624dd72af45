import type { BubblewrapCommandRunner } from './bubblewrap-command-runner.js';

/**
 * The local sandbox as `/readyz` reports it (API.md 5.3): `off` (disabled, or a kubernetes
 * backend), `ok`, `ok, network unavailable: <reason>` or `unavailable: <reason>`. Reading it while
 * unavailable probes again, so installing bubblewrap takes effect without a restart.
 */
export class SandboxStatus {
  constructor(readonly runner: BubblewrapCommandRunner | null) {}

  async check(): Promise<string> {
    if (this.runner === null) {
      return 'off';
    }
    if (!this.runner.available || this.runner.describe() !== 'ok') {
      await this.runner.probe();
    }
    return this.runner.describe();
  }
}
