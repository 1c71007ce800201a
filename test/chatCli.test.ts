import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tawjih-chat-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('npm run chat', () => {
  it("uses its own database, says which, and leaves the server's alone even with DATABASE_URL set", () => {
    const serverDb = join(dir, 'server.db');
    const chatDb = join(dir, 'chat.db');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/chat.ts', '--db', chatDb], {
      env: { ...process.env, DATABASE_URL: `file:${serverDb}` },
      input: 'Français\nconseiller\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`on its own database: ${chatDb}`);
    expect(r.stdout).toContain("J'ai transmis votre demande");
    expect(existsSync(serverDb)).toBe(false);
    const db = createClient({ url: `file:${chatDb}` });
    return db
      .execute("SELECT count(*) AS n FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel = 'cli'")
      .then((res) => expect(Number(res.rows[0]!.n)).toBe(1))
      .finally(() => db.close());
  });
});
