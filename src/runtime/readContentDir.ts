import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ContentFiles } from '../content/parseContent.js';

const ROOTS = ['flows', 'locales', 'knowledge'];

/** Reads flows/, locales/ and knowledge/ under `root` into a path -> text map. Node only. */
export async function readContentDir(root: string): Promise<ContentFiles> {
  const files: ContentFiles = {};
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (/\.(ya?ml|json|md)$/.test(e.name) && e.name !== 'README.md')
        files[relative(root, full).split(sep).join('/')] = await readFile(full, 'utf8');
    }
  }
  for (const r of ROOTS) await walk(join(root, r));
  return files;
}
