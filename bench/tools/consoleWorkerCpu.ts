/**
 * The advisor console on our Worker alone in workerd (bench/lib/bareWorkerd.ts), each request's
 * CPU on fresh isolates: the sign-in page first (the isolate's first request), signing in with the
 * page's key, the queue, a ticket. The free plan allows 10 ms a request.
 *
 *   npm run --silent build:worker && [TICKETS=n] npx tsx bench/tools/consoleWorkerCpu.ts [isolates]
 */
import { clientKey, hashPassword } from '../../src/advisors/passwords.js';
import { migrateDatabase, openDatabase } from '../../src/storage/openDatabase.js';
import { FakeHranaServer } from '../../test/support/fakeHranaServer.js';
import { startBareWorkerd } from '../lib/bareWorkerd.js';
import { settledCpuMs } from '../lib/workerdCpu.js';
import { BUNDLE, cpuOf, messageInit, VARS } from '../lib/workerScript.js';

const isolates = Number(process.argv[2] ?? 5);
const email = 'amina@center.test';
const password = 'a long passphrase for amina';
const rows: Record<string, number[]> = {};
for (let i = 0; i < isolates; i++) {
  const { client, db } = await openDatabase(':memory:');
  await migrateDatabase(db);
  await client.execute({ sql: "INSERT INTO advisors (id, email, name, role, password_hash, created_at) VALUES ('a_1', ?, 'Amina', 'admin', ?, 0)", args: [email, await hashPassword(email, password, 1000)] });
  const hrana = await new FakeHranaServer(client).start();
  const workerd = await startBareWorkerd(BUNDLE, { ...VARS, DATABASE_URL: hrana.url, DATABASE_AUTH_TOKEN: hrana.token, OFFICE_HOURS: 'mon-sun 00:00-24:00', LOG_LEVEL: 'info' });
  try {
    await settledCpuMs(workerd.pid);
    const measure = async (name: string, send: () => Promise<Response>) => {
      const used = await cpuOf(workerd.pid, async () => {
        const res = await send();
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${(await res.text()).slice(0, 400)}`);
        return res;
      });
      (rows[name] ??= []).push(used.all);
    };
    let cookie = '';
    await measure('1. GET /advisor/login (first request)', () => fetch(`${workerd.url}/advisor/login`));
    const key = await clientKey(email, password, 1000);
    await measure('2. sign in with the key', async () => {
      const res = await fetch(`${workerd.url}/advisor/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, key }) });
      cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
      return res;
    });
    // People ask for an advisor (not measured; TICKETS, default 1), then the queue and a ticket.
    for (let p = 1; p < Number(process.env.TICKETS ?? 1); p++)
      for (const body of [{ text: 'bonjour' }, { choice: 'onboarding.language.fr' }, { choice: 'onboarding.privacy.accept' }, { text: 'conseiller' }, { text: `Question numéro ${p} sur mon passeport` }])
        await (await fetch(`${workerd.url}/webchat/api/messages`, messageInit(`console-person-${i}-${p}`, body as never))).arrayBuffer();
    for (const body of [{ text: 'bonjour' }, { choice: 'onboarding.language.fr' }, { choice: 'onboarding.privacy.accept' }, { text: 'conseiller' }, { text: 'Mon patron garde mon passeport' }]) {
      const r = await fetch(`${workerd.url}/webchat/api/messages`, messageInit(`console-person-${i}`, body as never));
      await r.arrayBuffer();
    }
    await measure('3. GET /advisor (the queue)', () => fetch(`${workerd.url}/advisor`, { headers: { cookie } }));
    const list = (await (await fetch(`${workerd.url}/advisor/api/tickets?status=all`, { headers: { cookie } })).json()) as { tickets: { id: string }[] };
    const id = list.tickets[0]!.id;
    await measure('4. GET a ticket page', () => fetch(`${workerd.url}/advisor/tickets/${id}`, { headers: { cookie } }));
    await measure('5. GET /advisor again', () => fetch(`${workerd.url}/advisor`, { headers: { cookie } }));
  } finally {
    await workerd.stop();
    await hrana.stop();
    client.close();
  }
}
for (const [name, ms] of Object.entries(rows)) console.log(`${name.padEnd(40)} ${ms.map((m) => m.toFixed(1)).join('  ')} ms (max ${Math.max(...ms).toFixed(1)})`);
