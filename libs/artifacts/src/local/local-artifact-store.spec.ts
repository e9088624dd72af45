import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentTypeForName, sanitiseArtifactName } from '../artifact-name.js';
import { artifactStoreContract } from '../testing/artifact-store.contract.js';
import { InvocationWrites } from './invocation-writes.js';
import { LocalArtifactStore } from './local-artifact-store.js';

describe('LocalArtifactStore contract', () => {
  artifactStoreContract(async () => {
    const root = await mkdtemp(join(tmpdir(), 'artifact-contract-'));
    return {
      store: new LocalArtifactStore(join(root, 'artifacts')),
      cleanup: () => rm(root, { recursive: true, force: true }),
    };
  });
});

describe('sanitiseArtifactName (API.md 9.4)', () => {
  it.each([
    ['report.json', 'report.json'],
    ['\t report.json \n', 'report.json'],
    ['a/b/c.txt', 'c.txt'],
    ['a\\b\\c.txt', 'c.txt'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\win.ini', 'win.ini'],
    ['....', 'artifact.bin'],
    ['...x', '.x'],
    ['a..b..c', 'abc'],
    ['.hidden', '.hidden'],
    ['nul\u0000byte', 'nulbyte'],
    ['del\u007fete', 'delete'],
    ['line\nbreak', 'linebreak'],
    ['/', 'artifact.bin'],
    ['   ', 'artifact.bin'],
    ['résumé 2030.pdf', 'résumé 2030.pdf'],
  ])('should turn %j into %j', (input, expected) => {
    expect(sanitiseArtifactName(input)).toBe(expected);
  });

  it('should truncate after the other steps', () => {
    expect(sanitiseArtifactName(`dir/${'..'.repeat(50)}${'y'.repeat(300)}`)).toBe('y'.repeat(200));
  });
});

describe('contentTypeForName (API.md 9.4)', () => {
  it.each([
    ['a.json', 'application/json'],
    ['a.JSON', 'application/json'],
    ['a.jsonl', 'application/x-ndjson'],
    ['a.txt', 'text/plain; charset=utf-8'],
    ['a.log', 'text/plain; charset=utf-8'],
    ['a.js', 'text/javascript'],
    ['a.tar.gz', 'application/octet-stream'],
    ['noext', 'application/octet-stream'],
  ])('should infer %s as %s', (name, type) => {
    expect(contentTypeForName(name)).toBe(type);
  });
});

describe('LocalArtifactStore', () => {
  let root: string;
  let store: LocalArtifactStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifact-store-'));
    store = new LocalArtifactStore(join(root, 'artifacts'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('should write <root>/<invocation>/<artifact id>-<sanitised name> with mode 0644 and a digest', async () => {
    const artifact = await store.put('inv-0000000000000001', {
      name: '../x/out.txt',
      content_type: 'text/plain',
      data: Buffer.from('hola'),
    });

    expect(artifact).toEqual({
      id: expect.stringMatching(/^artifact-[0-9a-f]{16}$/),
      name: 'out.txt',
      content_type: 'text/plain',
      size_bytes: 4,
      sha256: createHash('sha256').update('hola').digest('hex'),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      download_path: `/v1/invocations/inv-0000000000000001/artifacts/${artifact.id}`,
    });
    const path = join(root, 'artifacts', 'inv-0000000000000001', `${artifact.id}-out.txt`);
    expect(await readFile(path, 'utf8')).toBe('hola');
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await store.read('inv-0000000000000001', artifact)).toEqual(Buffer.from('hola'));
  });

  it('should refuse reads that would leave the root', async () => {
    await writeFile(join(root, 'secret-x'), 'secret');
    expect(await store.read('..', { id: 'secret', name: 'x' })).toBeNull();
    expect(await store.read('inv-1', { id: '..', name: '/../../secret-x' })).toBeNull();
    expect(await store.read('../..', { id: 'a', name: 'b' })).toBeNull();
    expect(
      await store.read('inv-1', { id: 'artifact-0000000000000000', name: 'missing' }),
    ).toBeNull();
  });

  it('should list a directory as a fallback: matching regular files only, by time then name', async () => {
    const directory = join(root, 'artifacts', 'inv-2');
    await mkdir(join(directory, 'artifact-00000000000000ff-subdir'), { recursive: true });
    const files: Array<[string, string, number]> = [
      ['artifact-0000000000000002-b.log', 'bb', 2000],
      ['artifact-0000000000000001-a.json', '{}', 1000],
      ['artifact-0000000000000003-z-name.jsonl', '{}\n', 1000],
      ['artifact-000000000000000X-bad.txt', 'x', 1000],
      ['notes.txt', 'x', 1000],
    ];
    for (const [name, content, seconds] of files) {
      await writeFile(join(directory, name), content);
      await utimes(join(directory, name), seconds, seconds);
    }

    const listed = await store.list('inv-2');

    expect(
      listed.map((artifact) => [
        artifact.id,
        artifact.name,
        artifact.content_type,
        artifact.size_bytes,
      ]),
    ).toEqual([
      ['artifact-0000000000000001', 'a.json', 'application/json', 2],
      ['artifact-0000000000000003', 'z-name.jsonl', 'application/x-ndjson', 3],
      ['artifact-0000000000000002', 'b.log', 'text/plain; charset=utf-8', 2],
    ]);
    expect(listed[0].created_at).toBe('1970-01-01T00:16:40.000Z');
    expect(listed[0].download_path).toBe(
      '/v1/invocations/inv-2/artifacts/artifact-0000000000000001',
    );
    expect(JSON.stringify(listed)).not.toContain(root);
  });

  it('should remove every entry of the invocation that is not kept, whoever wrote it', async () => {
    const kept = await store.put('inv-3', {
      name: 'kept.txt',
      content_type: 'text/plain',
      data: Buffer.from('k'),
    });
    await store.put('inv-3', {
      name: 'extra.txt',
      content_type: 'text/plain',
      data: Buffer.from('e'),
    });
    const directory = join(root, 'artifacts', 'inv-3');
    await writeFile(join(directory, 'stray.bin'), 'x');
    await mkdir(join(directory, 'nested'));
    await writeFile(join(directory, 'nested', 'deep.bin'), 'x');

    expect(await store.removeExcept('inv-3', new Set([kept.id]))).toBe(3);

    expect(await readdir(directory)).toEqual([`${kept.id}-kept.txt`]);
  });

  // Ids are generated by this process and only this store writes under them: an id it never
  // wrote under is answered from memory, without a syscall (InvocationWrites).
  it('should not look on disk for an invocation it never wrote under', async () => {
    const directory = join(root, 'artifacts', 'inv-foreign');
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'written-by-someone-else.bin'), 'x');

    expect(await store.removeExcept('inv-foreign', new Set())).toBe(0);

    expect(await readdir(directory)).toEqual(['written-by-someone-else.bin']);
  });

  it('should look on disk again for unknown ids once it forgot some (bound reached)', async () => {
    const bounded = new LocalArtifactStore(join(root, 'artifacts'), new InvocationWrites(1));
    const text = { name: 'a.txt', content_type: 'text/plain', data: Buffer.from('a') };
    const first = await bounded.put('inv-first', text);
    await bounded.put('inv-second', text);
    const directory = join(root, 'artifacts', 'inv-foreign');
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'written-by-someone-else.bin'), 'x');

    expect(await bounded.removeExcept('inv-foreign', new Set())).toBe(1);
    expect(await bounded.removeExcept('inv-first', new Set([first.id]))).toBe(0);
    expect(await bounded.removeExcept('inv-first', new Set())).toBe(1);
    expect(await readdir(join(root, 'artifacts'))).toEqual(['inv-second']);
  });

  it('should sweep again a write that was under way during the previous sweep', async () => {
    const writing = store.put('inv-late', {
      name: 'late.txt',
      content_type: 'text/plain',
      data: Buffer.from('l'),
    });
    const first = store.removeExcept('inv-late', new Set());
    await Promise.all([writing, first]);

    await store.removeExcept('inv-late', new Set());

    expect(await readdir(join(root, 'artifacts'))).not.toContain('inv-late');
  });

  it('should still remove a kept artifact on a later sweep that no longer keeps it', async () => {
    const kept = await store.put('inv-kept', {
      name: 'k.txt',
      content_type: 'text/plain',
      data: Buffer.from('k'),
    });
    expect(await store.removeExcept('inv-kept', new Set([kept.id]))).toBe(0);
    expect(await store.removeExcept('inv-kept', new Set())).toBe(1);
    expect(await store.removeExcept('inv-kept', new Set())).toBe(0);
    expect(await readdir(join(root, 'artifacts'))).not.toContain('inv-kept');
  });

  it('should remove the invocation directory when nothing is kept, and never leave the root', async () => {
    await store.put('inv-4', { name: 'a.txt', content_type: 'text/plain', data: Buffer.from('a') });
    await writeFile(join(root, 'outside.txt'), 'x');

    expect(await store.removeExcept('inv-4', new Set())).toBe(1);
    expect(await store.removeExcept('inv-none', new Set())).toBe(0);
    expect(await store.removeExcept('..', new Set())).toBe(0);
    expect(await store.removeExcept('.', new Set())).toBe(0);

    expect(await readdir(join(root, 'artifacts'))).toEqual([]);
    expect(await readdir(root)).toEqual(expect.arrayContaining(['outside.txt', 'artifacts']));
  });

  it('should list nothing for an unknown or hostile invocation id', async () => {
    expect(await store.list('inv-none')).toEqual([]);
    expect(await store.list('../..')).toEqual([]);
  });

  it('should report a writable root as healthy', async () => {
    expect(await store.check()).toBeNull();
  });
});
