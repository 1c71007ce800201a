import { parseArgs } from 'node:util';
import { cliConfig } from '../runtime/environment.js';
import { createIdSource, systemClock } from '../core/ids.js';
import { generatePassword, hashPassword } from '../advisors/passwords.js';
import { LibsqlHandoffStore } from '../handoff/libsqlHandoffStore.js';
import { migrateDatabase, openDatabase } from '../storage/openDatabase.js';

/**
 * npm run advisors -- add --email <e> --name <n> --role advisor|admin   (password from stdin, or generated)
 * npm run advisors -- list
 * npm run advisors -- disable --email <e>
 * npm run advisors -- password --email <e>   (a new password, from stdin or generated; its sessions end)
 */
const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } }, strict: true });
const fail = (message: string, code = 2): never => {
  console.error(`tawjih: ${message}`);
  process.exit(code);
};
const config = cliConfig();
const { client, db } = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
await migrateDatabase(db);
const store = new LibsqlHandoffStore(client);

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split('\n')[0]!.trim();
}

switch (command) {
  case 'add': {
    const email = values.email?.trim().toLowerCase();
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fail('add needs --email name@example.org');
    if (!values.name?.trim()) fail('add needs --name "First Last"');
    const role = values.role ?? 'advisor';
    if (role !== 'advisor' && role !== 'admin') fail('--role is advisor or admin');
    if (await store.findAdvisorByEmail(email!)) fail(`an account with ${email} exists already`);
    const given = await readStdin();
    if (given && given.length < 12) fail('a password needs at least 12 characters');
    const password = given || generatePassword();
    await store.createAdvisor({
      id: createIdSource(systemClock).next('a'),
      email: email!,
      name: values.name!.trim(),
      role: role as 'advisor' | 'admin',
      passwordHash: await hashPassword(email!, password),
      disabledAt: null,
      createdAt: Date.now(),
    });
    console.log(`added ${role} ${email}`);
    if (!given) console.log(`password (shown once, give it safely): ${password}`);
    break;
  }
  case 'list':
    for (const a of await store.listAdvisors()) console.log(`${a.email}\t${a.name}\t${a.role}\t${a.disabledAt ? 'disabled' : 'active'}`);
    break;
  case 'disable': {
    const email = values.email?.trim().toLowerCase() ?? fail('disable needs --email');
    if (!(await store.disableAdvisor(email!, Date.now()))) fail(`no active account ${email}`, 1);
    console.log(`disabled ${email}: its sessions are closed`);
    break;
  }
  case 'password': {
    const email = values.email?.trim().toLowerCase() ?? fail('password needs --email');
    const advisor = (await store.findAdvisorByEmail(email!)) ?? fail(`no account ${email}`, 1);
    const given = await readStdin();
    if (given && given.length < 12) fail('a password needs at least 12 characters');
    const password = given || generatePassword();
    await store.setAdvisorPasswordHash(advisor!.id, await hashPassword(email!, password), true);
    console.log(`new password for ${email}: its sessions are closed`);
    if (!given) console.log(`password (shown once, give it safely): ${password}`);
    break;
  }
  default:
    fail('usage: npm run advisors -- add --email <e> --name <n> --role advisor|admin | list | disable --email <e> | password --email <e>');
}
client.close();
