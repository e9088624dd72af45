import { sandboxHealth } from './sandbox-health.js';

describe('sandboxHealth', () => {
  it('should report nothing for a sandbox that is off', () => {
    expect(sandboxHealth('off')).toBeNull();
  });

  it('should report both up when the sandbox and its network work', () => {
    expect(sandboxHealth('ok')).toEqual({ sandbox: true, network: true });
  });

  it('should report the network down alone when offline commands still run', () => {
    expect(sandboxHealth('ok, network unavailable: slirp4netns not found')).toEqual({
      sandbox: true,
      network: false,
    });
  });

  it('should report both down when the sandbox cannot be created, or the line is unknown', () => {
    expect(sandboxHealth('unavailable: bwrap: No permissions to create new namespace')).toEqual({
      sandbox: false,
      network: false,
    });
    expect(sandboxHealth('something new')).toEqual({ sandbox: false, network: false });
  });
});
