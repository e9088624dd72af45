// A 10k-file source tree (100 directories × 100 files of ~1 KiB text), built once per bench run.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TREE_DIRECTORIES = 100;
export const TREE_FILES_PER_DIRECTORY = 100;
/** Present in exactly one line of every 1000th file: few matches, so the whole tree is scanned. */
export const NEEDLE = 'NEEDLE_7f3a9c';

let building;

export function sourceTree() {
  building ??= build();
  return building;
}

export async function removeSourceTree() {
  if (building) {
    const { root } = await building;
    building = undefined;
    await rm(root, { recursive: true, force: true });
  }
}

async function build() {
  const root = await mkdtemp(join(tmpdir(), 'wes-bench-tree-'));
  const tree = join(root, 'repo');
  const filler = Array.from(
    { length: 16 },
    (_, line) => `line ${line} of a source file with some text in it\n`,
  ).join('');
  let index = 0;
  for (let d = 0; d < TREE_DIRECTORIES; d += 1) {
    const directory = join(tree, `pkg${String(d).padStart(3, '0')}`);
    await mkdir(directory, { recursive: true });
    const writes = [];
    for (let f = 0; f < TREE_FILES_PER_DIRECTORY; f += 1) {
      const extra = index % 1000 === 0 ? `const marker = "${NEEDLE}";\n` : '';
      writes.push(
        writeFile(join(directory, `file${String(f).padStart(3, '0')}.ts`), `${filler}${extra}`),
      );
      index += 1;
    }
    await Promise.all(writes);
  }
  return { root, tree, files: index, needleFiles: Math.ceil(index / 1000) };
}
