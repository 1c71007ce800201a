import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, writeSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real small disk: a tmpfs of a few megabytes, mounted for the test (root only: CI runs as
 * root). Filled up, it gives SQLite exactly what a full disk gives (ENOSPC, SQLITE_FULL);
 * remounted read-only, a read-only file system (EROFS).
 */
export interface SmallDisk {
  dir: string;
  /** Writes a file until the disk is full. */
  fill(): void;
  /** Deletes that file. */
  free(): void;
  readOnly(): void;
  writable(): void;
  unmount(): void;
}

let mountable: boolean | null = null;
/** Whether this process may mount a tmpfs (root, and a system that lets it). */
export function canMountTmpfs(): boolean {
  if (mountable !== null) return mountable;
  mountable = false;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return mountable;
  try {
    const disk = mountSmallDisk(1);
    disk.unmount();
    mountable = true;
  } catch {
    // no mount here (a container without the capability)
  }
  return mountable;
}

export function mountSmallDisk(megabytes: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'tawjih-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  const filler = join(dir, 'filler');
  const mount = (options: string) => execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' });
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      // The last bytes: what a 64 KB write could not take.
      const fd2 = openSync(filler, 'a');
      try {
        for (;;) writeSync(fd2, Buffer.alloc(512, 1));
      } catch {
        // full
      } finally {
        closeSync(fd2);
      }
    },
    free: () => rmSync(filler, { force: true }),
    readOnly: () => mount('ro'),
    writable: () => mount('rw'),
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmdirSync(dir);
    },
  };
}
