import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { SandboxInit } from './sandbox-init.js';

describe('SandboxInit', () => {
  it('should resolve gone() only once the observed process has exited', async () => {
    const child = spawn('sleep', ['30']);
    const init = SandboxInit.observe(child.pid as number);
    let settled = false;
    const gone = init.gone().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);

    child.kill('SIGKILL');
    await once(child, 'exit');
    await gone;
    expect(settled).toBe(true);
  });

  it('should resolve at once for a pid that does not exist', async () => {
    const init = SandboxInit.observe(2 ** 22 + 1);
    await expect(init.gone()).resolves.toBeUndefined();
  });
});
