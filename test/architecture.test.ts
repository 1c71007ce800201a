import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file under src/ (not the generated content). */
function sources(dir = 'src'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);

/** What the conversation core may use: itself and the libraries it is built on (data, flows, search, strings). */
const CORE_MAY_IMPORT = ['core', 'config', 'content', 'flows', 'knowledge', 'i18n'];

describe('the shape of the code (docs/architecture.md)', () => {
  it('the conversation core imports no feature, no framework and nothing of node:*', () => {
    const wrong: string[] = [];
    for (const file of sources('src/core')) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) {
          wrong.push(`${file}: ${spec}`);
          continue;
        }
        const target = relative('src', join(file, '..', spec)).split('/')[0]!;
        if (!CORE_MAY_IMPORT.includes(target)) wrong.push(`${file}: ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no source file is over 300 lines', () => {
    const long = sources().filter((f) => readFileSync(f, 'utf8').split('\n').length > 300);
    expect(long).toEqual([]);
  });

  it('only src/runtime/ reads the process environment', () => {
    const readers = sources().filter((f) => !f.startsWith('src/runtime/') && /process\.(env|cwd\(\)|getuid)/.test(readFileSync(f, 'utf8')));
    expect(readers).toEqual([]);
  });

  it('finds what it checks (the scan is not empty)', () => {
    expect(sources('src/core').length).toBeGreaterThan(30);
    expect(importsOf('src/core/turn/runTurn.ts').length).toBeGreaterThan(5);
  });
});
