/**
 * The advisor console on our Worker alone in workerd (bareWorkerd.ts), each request's CPU on fresh
 * isolates: the sign-in page (the isolate's first request), signing in with the page's key, the
 * queue, a ticket, the queue again, with `waiting` people waiting (each asked for an advisor in the
 * web chat first, not measured). The free plan allows 10 ms a request.
 */
import { clientKey, hashPassword } from '../../src/advisors/passwords.js';
import { migrateDatabase, openDatabase } from '../../src/storage/openDatabase.js';
import { FakeHranaServer } from '../../test/support/fakeHranaServer.js';
import { startBareWorkerd } from './bareWorkerd.js';
import { settledCpuMs } from './workerdCpu.js';
import { BUNDLE, cpuOf, messageInit, VARS } from './workerScript.js';

export const CONSOLE_STEPS = ['sign-in page (first request)', 'signing in (the key)', 'the queue, first time', 'a ticket, first time', 'the queue again'] as const;

const email = 'amina@center.test';
const password = 'a long passphrase for amina';
const asks = (p: number) => [{ text: 'bonjour' }, { choice: 'onboarding.language.fr' }, { choice: 'onboarding.privacy.accept' }, { text: 'conseiller' }, { text: `Question numéro ${p} sur mon passeport` }];

/** Each step's CPU (ms, all threads) on each of `isolates` fresh workerd processes. */
export async function measureConsoleCpu(isolates: number, waiting: number): Promise<Record<(typeof CONSOLE_STEPS)[number], number[]>> {
  const rows = Object.fromEntries(CONSOLE_STEPS.map((s) => [s, [] as number[]])) as Record<(typeof CONSOLE_STEPS)[number], number[]>;
  for (let i = 0; i < isolates; i++) {
    const { client, db } = await openDatabase(':memory:');
    await migrateDatabase(db);
    await client.execute({ sql: "INSERT INTO advisors (id, email, name, role, password_hash, created_at) VALUES ('a_1', ?, 'Amina', 'admin', ?, 0)", args: [email, await hashPassword(email, password, 1000)] });
    const hrana = await new FakeHranaServer(client).start();
    const workerd = await startBareWorkerd(BUNDLE, { ...VARS, DATABASE_URL: hrana.url, DATABASE_AUTH_TOKEN: hrana.token });
    try {
      await settledCpuMs(workerd.pid);
      const measure = async (step: (typeof CONSOLE_STEPS)[number], send: () => Promise<Response>) => rows[step].push((await cpuOf(workerd.pid, send)).all);
      let cookie = '';
      await measure('sign-in page (first request)', () => fetch(`${workerd.url}/advisor/login`));
      const key = await clientKey(email, password, 1000);
      await measure('signing in (the key)', async () => {
        const res = await fetch(`${workerd.url}/advisor/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, key }) });
        cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
        return res;
      });
      for (let p = 0; p < Math.max(1, waiting); p++)
        for (const body of asks(p)) await (await fetch(`${workerd.url}/webchat/api/messages`, messageInit(`console-person-${i}-${p}`, body))).arrayBuffer();
      await measure('the queue, first time', () => fetch(`${workerd.url}/advisor`, { headers: { cookie } }));
      const { tickets } = (await (await fetch(`${workerd.url}/advisor/api/tickets?status=all`, { headers: { cookie } })).json()) as { tickets: { id: string }[] };
      await measure('a ticket, first time', () => fetch(`${workerd.url}/advisor/tickets/${tickets[0]!.id}`, { headers: { cookie } }));
      await measure('the queue again', () => fetch(`${workerd.url}/advisor`, { headers: { cookie } }));
    } finally {
      await workerd.stop();
      await hrana.stop();
      client.close();
    }
  }
  return rows;
}
