/**
 * Why the database cannot write, from the error a write gave (libSQL file, D1 or a remote libSQL
 * server all speak SQLite's codes and messages), or from the file system (creating its directory).
 * null: another error (a bug, a constraint), not the disk's.
 */
export type StorageFailure = 'full' | 'read_only' | 'io';

export function storageFailureOf(error: unknown): StorageFailure | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    const message = String((e as { message?: unknown }).message ?? '');
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full|SQLITE_FULL/i.test(message)) return 'full';
    if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || /readonly database|read-only file system|SQLITE_READONLY/i.test(message)) return 'read_only';
    if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || /disk I\/O error|unable to open database file/i.test(message)) return 'io';
  }
  return null;
}

/** One line that says what is wrong and what to do (the start's error, /healthz). */
export function describeStorageFailure(kind: StorageFailure, where: string): string {
  switch (kind) {
    case 'full':
      return `the disk is full: the database (${where}) cannot grow. Free some space, then start again`;
    case 'read_only':
      return `the database is read-only (${where}): give the service's user write access to the file and its directory, on a disk mounted read-write`;
    case 'io':
      return `the database (${where}) cannot be opened or written (disk I/O error): check the disk and the path`;
  }
}

/** Where the database is, for a message: its file, or the host of a remote one (never a token). */
export function databasePlace(url: string): string {
  if (url.startsWith('file:')) return url.slice('file:'.length).split('?')[0]!;
  try {
    return new URL(url).host || url.split(':')[0]!;
  } catch {
    return url.split(':')[0]!;
  }
}

/** The database cannot be used as the service needs it (typed by origin: the storage). */
export class DatabaseUnusableError extends Error {
  override readonly name = 'DatabaseUnusableError';
  constructor(
    readonly kind: StorageFailure,
    readonly where: string,
    override readonly cause: unknown,
  ) {
    super(describeStorageFailure(kind, where));
  }
}
