import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppException } from '#app/errors';
import { checkRepoUrl, checkSourceRepoPath, type RepoSourcePolicy } from './repo-source.rules.js';

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string } | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof AppException) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
}

describe('repo source rules (API.md 5.6)', () => {
  let base: string;
  let allowed: string;
  let elsewhere: string;
  let payload: RepoSourcePolicy;

  beforeAll(async () => {
    base = await realpath(await mkdtemp(join(tmpdir(), 'repo-source-')));
    allowed = join(base, 'allowed');
    elsewhere = join(base, 'elsewhere');
    await mkdir(join(allowed, 'repo'), { recursive: true });
    await mkdir(join(elsewhere, 'repo'), { recursive: true });
    await mkdir(join(base, 'allowed-sibling'));
    await writeFile(join(allowed, 'file.txt'), 'x');
    await symlink(join(elsewhere, 'repo'), join(allowed, 'escape'));
    await symlink(join(allowed, 'repo'), join(elsewhere, 'into-allowed'));
    // Every name resolves to a public documentation-free address unless a case says otherwise.
    payload = {
      backend: 'local',
      authMode: 'payload',
      allowlist: [allowed],
      resolve: async () => ['93.184.216.34'],
    };
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  describe('repo_url', () => {
    it.each([
      'https://github.com/acme/repo.git',
      'http://git.local/repo',
      'ssh://git@github.com/acme/repo.git',
      'git://git.local/repo',
      'HTTPS://EXAMPLE.COM/R.GIT',
      'git@github.com:acme/repo.git',
      'deploy_user@git.example.com:team/repo',
    ])('should accept the remote form %s', async (url) => {
      expect(await failure(checkRepoUrl(url, { ...payload, allowlist: [] }))).toBeNull();
    });

    it.each([
      'ext::sh -c touch% /tmp/pwned',
      'ext::ssh -o ProxyCommand=x host',
      '-uhttps://x',
      '--upload-pack=touch /tmp/x',
      '-oProxyCommand=x@host:path',
      'relative/path',
      './repo',
      '../repo',
      'fd::3',
      'file://relative/path',
      'ftp://example.com/repo',
      'https://exa mple.com/repo',
      '',
    ])('should refuse %j with invalid_argument', async (url) => {
      expect((await failure(checkRepoUrl(url, payload)))?.code).toBe('invalid_argument');
    });

    it('should refuse a URL longer than 2048 characters', async () => {
      const url = `https://example.com/${'a'.repeat(2048)}`;
      expect((await failure(checkRepoUrl(url, payload)))?.code).toBe('invalid_argument');
    });

    it('should accept file:// and absolute paths inside the allowlist', async () => {
      expect(await failure(checkRepoUrl(`file://${join(allowed, 'repo')}`, payload))).toBeNull();
      expect(await failure(checkRepoUrl(join(allowed, 'repo'), payload))).toBeNull();
    });

    it('should deny file:// and absolute paths outside the allowlist, also through a symlink', async () => {
      for (const url of [
        `file://${join(elsewhere, 'repo')}`,
        join(elsewhere, 'repo'),
        join(allowed, 'escape'),
        join(allowed, '..', 'elsewhere'),
      ]) {
        expect(await failure(checkRepoUrl(url, payload))).toEqual({
          code: 'policy_denied',
          message: 'repo_url outside allowlist',
        });
      }
    });

    it('should allow local forms with an empty allowlist in payload mode only', async () => {
      const local = `file://${join(elsewhere, 'repo')}`;
      expect(await failure(checkRepoUrl(local, { ...payload, allowlist: [] }))).toBeNull();
      expect(
        await failure(
          checkRepoUrl(local, { backend: 'local', authMode: 'trusted_headers', allowlist: [] }),
        ),
      ).toEqual({
        code: 'policy_denied',
        message: 'repo_url is disabled',
      });
    });

    it.each([
      'git://127.0.0.1:6379/x',
      'http://2130706433/r.git',
      'http://0x7f000001/r.git',
      'http://0177.0.0.1/r.git',
      'http://127.1/r.git',
      'https://localhost/r.git',
      'https://api.localhost/r.git',
      'ssh://git@[::1]/r.git',
      'http://[::ffff:127.0.0.1]/r.git',
      'http://[::ffff:7f00:1]/r.git',
      'http://[fe80::1]/r.git',
      'http://[fd00::1]/r.git',
      'http://169.254.169.254/latest/meta-data',
      'https://10.0.0.8/r.git',
      'https://172.16.3.4/r.git',
      'https://192.168.1.1/r.git',
      'git@127.0.0.1:team/repo.git',
      'http://[64:ff9b::a00:1]/r.git',
      'http://0.0.0.0/r.git',
    ])('should refuse the internal host of %s with policy_denied (real resolver)', async (url) => {
      const { resolve: _fake, ...real } = payload;
      expect(await failure(checkRepoUrl(url, real))).toEqual({
        code: 'policy_denied',
        message: 'repo_url host not allowed',
      });
    });

    it('should refuse a name that resolves to an internal address, and one that does not resolve', async () => {
      const internal = { ...payload, resolve: async () => ['93.184.216.34', '10.1.2.3'] };
      expect(await failure(checkRepoUrl('https://git.example.com/r.git', internal))).toEqual({
        code: 'policy_denied',
        message: 'repo_url host not allowed',
      });
      const nowhere = { ...payload, resolve: async () => null };
      expect((await failure(checkRepoUrl('https://git.example.com/r.git', nowhere)))?.code).toBe(
        'invalid_argument',
      );
      expect(
        await failure(
          checkRepoUrl('https://git.example.com/r.git', nowhere, { resolveHost: false }),
        ),
      ).toBeNull();
    });

    it('should accept an internal host covered by a URL entry of the allowlist, by scheme, host, port and path', async () => {
      const mirror = {
        ...payload,
        allowlist: [allowed, 'git://127.0.0.1:9418/mirror'],
        resolve: async () => ['127.0.0.1'],
      };
      expect(await failure(checkRepoUrl('git://127.0.0.1:9418/mirror/r.git', mirror))).toBeNull();
      for (const url of [
        'git://127.0.0.1:9419/mirror/r.git',
        'http://127.0.0.1:9418/mirror/r.git',
        'git://127.0.0.1:9418/other',
        'git://127.0.0.1:9418/mirror/../x',
      ]) {
        expect(await failure(checkRepoUrl(url, mirror))).toEqual({
          code: 'policy_denied',
          message: 'repo_url host not allowed',
        });
      }
    });

    it('should refuse another session workspace or the artifact store as a local source even when allowlisted', async () => {
      const roots = { ...payload, allowlist: [base], protectedRoots: [join(allowed, 'repo')] };
      expect(await failure(checkRepoUrl(join(allowed, 'repo'), roots))).toEqual({
        code: 'policy_denied',
        message: 'repo_url outside allowlist',
      });
      expect(await failure(checkRepoUrl(allowed, roots))).toEqual({
        code: 'policy_denied',
        message: 'repo_url outside allowlist',
      });
      expect(await failure(checkSourceRepoPath(join(elsewhere, 'into-allowed'), roots))).toEqual({
        code: 'policy_denied',
        message: 'source_repo_path outside allowlist',
      });
      expect(await checkRepoUrl(join(elsewhere, 'repo'), roots)).toBe(join(elsewhere, 'repo'));
    });

    it('should refuse local forms with the kubernetes backend but accept remote ones', async () => {
      const kubernetes: RepoSourcePolicy = { ...payload, backend: 'kubernetes' };
      expect(
        (await failure(checkRepoUrl(`file://${join(allowed, 'repo')}`, kubernetes)))?.code,
      ).toBe('invalid_argument');
      expect((await failure(checkRepoUrl(join(allowed, 'repo'), kubernetes)))?.code).toBe(
        'invalid_argument',
      );
      expect(await failure(checkRepoUrl('https://github.com/a/b.git', kubernetes))).toBeNull();
    });
  });

  describe('source_repo_path', () => {
    it('should return the resolved directory when it lies inside the allowlist', async () => {
      expect(await checkSourceRepoPath(join(allowed, 'repo'), payload)).toBe(join(allowed, 'repo'));
      expect(await checkSourceRepoPath(allowed, payload)).toBe(allowed);
      expect(await checkSourceRepoPath(join(elsewhere, 'into-allowed'), payload)).toBe(
        join(allowed, 'repo'),
      );
    });

    it('should refuse a file or a missing path as not a directory', async () => {
      for (const path of [join(allowed, 'file.txt'), join(allowed, 'missing')]) {
        expect(await failure(checkSourceRepoPath(path, payload))).toEqual({
          code: 'invalid_argument',
          message: 'source_repo_path is not a directory',
        });
      }
    });

    it('should deny a directory outside the allowlist, a symlink escaping it and a sibling sharing its prefix', async () => {
      for (const path of [
        join(elsewhere, 'repo'),
        join(allowed, 'escape'),
        join(base, 'allowed-sibling'),
      ]) {
        expect(await failure(checkSourceRepoPath(path, payload))).toEqual({
          code: 'policy_denied',
          message: 'source_repo_path outside allowlist',
        });
      }
    });

    it('should allow anything with an empty allowlist in payload mode and nothing in trusted mode', async () => {
      expect(
        await checkSourceRepoPath(join(elsewhere, 'repo'), { ...payload, allowlist: [] }),
      ).toBe(join(elsewhere, 'repo'));
      expect(
        await failure(
          checkSourceRepoPath(join(elsewhere, 'repo'), {
            ...payload,
            authMode: 'trusted_headers',
            allowlist: [],
          }),
        ),
      ).toEqual({
        code: 'policy_denied',
        message: 'source_repo_path is disabled',
      });
    });

    it('should refuse the kubernetes backend before looking at the disk', async () => {
      expect(
        await failure(checkSourceRepoPath('/nonexistent', { ...payload, backend: 'kubernetes' })),
      ).toEqual({
        code: 'invalid_argument',
        message: 'source_repo_path is not supported by the kubernetes backend',
      });
    });
  });
});
