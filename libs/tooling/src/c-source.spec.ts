import { programPath, resolveCSource } from './c-source.js';
import { createToolWorkspace, type ToolWorkspace } from '#app/testing';

describe('resolveCSource', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace();
  });
  afterEach(() => ws.cleanup());

  it('should prefer main.c at the root over other sources when nothing is requested', async () => {
    await ws.write({ 'a.c': '', 'main.c': '', 'x_test.c': '' });
    expect(await resolveCSource(ws.runtime)).toBe('main.c');
  });

  it('should take the first non-test source of the sorted walk when there is no main.c', async () => {
    await ws.write({ 'src/b.c': '', 'src/a_test.c': '', 'lib/z.c': '' });
    expect(await resolveCSource(ws.runtime)).toBe('lib/z.c');
  });

  it('should prefer test sources when resolving for a test tool', async () => {
    await ws.write({ 'main.c': '', 'tests/calc_test.c': '' });
    expect(await resolveCSource(ws.runtime, { preferTests: true })).toBe('tests/calc_test.c');
  });

  it('should fail with no C source file found when the walk finds nothing', async () => {
    await expect(resolveCSource(ws.runtime)).rejects.toMatchObject({
      code: 'execution_failed',
      message: 'no C source file found',
    });
  });

  it('should check a requested source for the .c suffix and the resolver when one is given', async () => {
    expect(await resolveCSource(ws.runtime, { requested: 'src/other.c' })).toBe('src/other.c');
    expect(await resolveCSource(ws.runtime, { requested: '-weird.c' })).toBe('./-weird.c');
    await expect(resolveCSource(ws.runtime, { requested: 'main.h' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(resolveCSource(ws.runtime, { requested: '../escape.c' })).rejects.toMatchObject({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
  });

  it('should resolve with find in the pod when the session is a kubernetes one', async () => {
    const pod = await createToolWorkspace({ kind: 'kubernetes' });
    try {
      await pod.write({ 'src/b.c': '', 'src/a_test.c': '', 'node_modules/a.c': '' });
      expect(await resolveCSource(pod.runtime)).toBe('src/b.c');
      expect(await resolveCSource(pod.runtime, { preferTests: true })).toBe('src/a_test.c');
    } finally {
      await pod.cleanup();
    }
  });

  it('should prefix ./ only for paths starting with a dash', () => {
    expect(programPath('-x')).toBe('./-x');
    expect(programPath('x/-y')).toBe('x/-y');
  });
});
