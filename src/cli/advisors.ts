import { parseArgs } from 'node:util';
import { cliConfig } from '../runtime/environment.js';
import { createIdSource, systemClock } from '../core/ids.js';
import { generatePassword, hashPassword } from '../advisors/passwords.js';
import { writeFileSync } from 'node:fs';
import { LibsqlHandoffStore } from '../handoff/libsqlHandoffStore.js';
import { migrateDatabase, openDatabase } from '../storage/openDatabase.js';
import { sqlScriptClient } from '../storage/sqlScript.js';
import type { AnySqlClient } from '../storage/sqlClient.js';

/**
 * npm run advisors -- add --email <e> --name <n> --role advisor|admin   (password from stdin, or generated)
 * npm run advisors -- list
 * npm run advisors -- disable --email <e>
 * npm run advisors -- password --email <e>   (a new password, from stdin or generated; its sessions end)
 *
 * With --sql <file>, add, password and disable write their statements to <file> instead of a
 * database: for Cloudflare D1, which only Workers and wrangler reach
 * (npx wrangler d1 execute tawjih --remote --file <file>).
 */
const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, sql: { type: 'string' } }, strict: true });
const fail = (message: string, code = 2): never => {
  console.error(`tawjih: ${message}`);
  process.exit(code);
};
const script = values.sql ? sqlScriptClient() : null;
if (script && command === 'list') fail('list reads a database: --sql writes statements only');
let client: AnySqlClient | undefined = script?.client;
if (!client) {
  const config = cliConfig();
  const opened = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  await migrateDatabase(opened.db);
  client = opened.client;
}
const store = new LibsqlHandoffStore(client);
/** Where --sql goes: the statements, and how to run them. */
function writeScript(): void {
  if (!script || !values.sql) return;
  writeFileSync(values.sql, script.script());
  console.log(`statements written to ${values.sql}; run them with: npx wrangler d1 execute <database> --remote --file ${values.sql}`);
}

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
    // (With --sql, an account that exists already makes D1 refuse the insert: emails are unique.)
    if (!script && (await store.findAdvisorByEmail(email!))) fail(`an account with ${email} exists already`);
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
    writeScript();
    console.log(`${script ? 'to add' : 'added'} ${role} ${email}`);
    if (!given) console.log(`password (shown once, give it safely): ${password}`);
    break;
  }
  case 'list':
    for (const a of await store.listAdvisors()) console.log(`${a.email}\t${a.name}\t${a.role}\t${a.disabledAt ? 'disabled' : 'active'}`);
    break;
  case 'disable': {
    const email = values.email?.trim().toLowerCase() ?? fail('disable needs --email');
    if (!(await store.disableAdvisor(email!, Date.now()))) fail(`no active account ${email}`, 1);
    writeScript();
    console.log(`${script ? 'to disable' : 'disabled'} ${email}: its sessions ${script ? 'end once the statements run' : 'are closed'}`);
    break;
  }
  case 'password': {
    const email = values.email?.trim().toLowerCase() ?? fail('password needs --email');
    if (!script && !(await store.findAdvisorByEmail(email!))) fail(`no account ${email}`, 1);
    const given = await readStdin();
    if (given && given.length < 12) fail('a password needs at least 12 characters');
    const password = given || generatePassword();
    await store.setAdvisorPasswordHash(email!, await hashPassword(email!, password), true);
    writeScript();
    console.log(`new password for ${email}: its sessions ${script ? 'end once the statements run' : 'are closed'}`);
    if (!given) console.log(`password (shown once, give it safely): ${password}`);
    break;
  }
  default:
    fail('usage: npm run advisors -- add --email <e> --name <n> --role advisor|admin | list | disable --email <e> | password --email <e>  [--sql <file>: statements for D1, not run]');
}
client!.close();
