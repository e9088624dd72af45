import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppException } from '#app/errors';
import { checkRepoUrl, checkSourceRepoPath, type RepoSourcePolicy } from './repo-source.rules.js';

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string } | null> {
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
    payload = { backend: 'local', authMode: 'payload', allowlist: [allowed] };
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
      for (const url of [`file://${join(elsewhere, 'repo')}`, join(elsewhere, 'repo'), join(allowed, 'escape'), join(allowed, '..', 'elsewhere')]) {
        expect(await failure(checkRepoUrl(url, payload))).toEqual({ code: 'policy_denied', message: 'repo_url outside allowlist' });
      }
    });

    it('should allow local forms with an empty allowlist in payload mode only', async () => {
      const local = `file://${join(elsewhere, 'repo')}`;
      expect(await failure(checkRepoUrl(local, { ...payload, allowlist: [] }))).toBeNull();
      expect(await failure(checkRepoUrl(local, { backend: 'local', authMode: 'trusted_headers', allowlist: [] }))).toEqual({
        code: 'policy_denied',
        message: 'repo_url is disabled',
      });
    });

    it('should refuse local forms with the kubernetes backend but accept remote ones', async () => {
      const kubernetes: RepoSourcePolicy = { ...payload, backend: 'kubernetes' };
      expect((await failure(checkRepoUrl(`file://${join(allowed, 'repo')}`, kubernetes)))?.code).toBe('invalid_argument');
      expect((await failure(checkRepoUrl(join(allowed, 'repo'), kubernetes)))?.code).toBe('invalid_argument');
      expect(await failure(checkRepoUrl('https://github.com/a/b.git', kubernetes))).toBeNull();
    });
  });

  describe('source_repo_path', () => {
    it('should return the resolved directory when it lies inside the allowlist', async () => {
      expect(await checkSourceRepoPath(join(allowed, 'repo'), payload)).toBe(join(allowed, 'repo'));
      expect(await checkSourceRepoPath(allowed, payload)).toBe(allowed);
      expect(await checkSourceRepoPath(join(elsewhere, 'into-allowed'), payload)).toBe(join(allowed, 'repo'));
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
      for (const path of [join(elsewhere, 'repo'), join(allowed, 'escape'), join(base, 'allowed-sibling')]) {
        expect(await failure(checkSourceRepoPath(path, payload))).toEqual({
          code: 'policy_denied',
          message: 'source_repo_path outside allowlist',
        });
      }
    });

    it('should allow anything with an empty allowlist in payload mode and nothing in trusted mode', async () => {
      expect(await checkSourceRepoPath(join(elsewhere, 'repo'), { ...payload, allowlist: [] })).toBe(join(elsewhere, 'repo'));
      expect(await failure(checkSourceRepoPath(join(elsewhere, 'repo'), { ...payload, authMode: 'trusted_headers', allowlist: [] }))).toEqual({
        code: 'policy_denied',
        message: 'source_repo_path is disabled',
      });
    });

    it('should refuse the kubernetes backend before looking at the disk', async () => {
      expect(await failure(checkSourceRepoPath('/nonexistent', { ...payload, backend: 'kubernetes' }))).toEqual({
        code: 'invalid_argument',
        message: 'source_repo_path is not supported by the kubernetes backend',
      });
    });
  });
});
