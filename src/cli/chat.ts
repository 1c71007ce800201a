import { createInterface } from 'node:readline/promises';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { cliConfig, processEnvironment } from '../runtime/environment.js';
import { composeApp } from '../app/composeApp.js';
import { loadContent } from '../app/loadContent.js';
import { createLogger } from '../app/logger.js';
import { readContentDir } from '../runtime/readContentDir.js';
import { systemClock } from '../core/ids.js';
import type { Reply } from '../core/message.js';
import { createStores } from '../app/createStores.js';
import { migrateDatabase, openDatabase } from '../storage/openDatabase.js';

/**
 * npm run chat — the same conversation in the terminal. Type a number, a label or a question.
 * It uses its own database (data/chat.db, or --db): trying the bot never shows in the server's
 * console, dashboard or exports.
 */
export const CHAT_DEFAULT_DB = 'data/chat.db';

const { values: args } = parseArgs({ options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (args.help) {
  console.log(`npm run chat [-- --db <file or libsql:// URL>]   (default: ${CHAT_DEFAULT_DB})`);
  process.exit(0);
}
const dbArg = args.db ?? CHAT_DEFAULT_DB;
const databaseUrl = /^(file:|libsql:|https?:|:memory:)/.test(dbArg) ? dbArg : `file:${dbArg}`;
const config = { ...cliConfig({ DATABASE_URL: databaseUrl }), LOG_LEVEL: 'silent' as const, TELEGRAM_BOT_TOKEN: undefined, WHATSAPP_TOKEN: undefined, WHATSAPP_WEB: false };
const { client, db } = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
await migrateDatabase(db);
const stores = createStores(db, client);
const store = stores.conversations;
const app = composeApp({ config, content: loadContent(await readContentDir(processEnvironment().root)), stores, clock: systemClock, log: createLogger('silent') });
const user = `cli-${randomUUID().slice(0, 8)}`;
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
// Taken now: lines typed (or piped) while the first answer is prepared are not lost.
const lines = rl[Symbol.asyncIterator]();
let counter = 0;
let shownUpTo: string | null = null;

function show(replies: { id: string; reply: Reply | null; author: string }[]) {
  for (const { id, reply, author } of replies) {
    shownUpTo = id;
    if (!reply) continue;
    console.log(`\n${author === 'advisor' ? 'advisor' : 'tawjih'}> ${reply.text.replace(/\*\*/g, '')}`);
    if (reply.kind === 'text') reply.choices?.forEach((c, i) => console.log(`   ${i + 1}. ${c.label}`));
  }
  console.log('');
}

/** What came since the last look: the bot's answers and, if someone runs the console on this database, an advisor's. */
async function showNew() {
  const items = await store.historyAfter('cli', user, shownUpTo, 100);
  if (items.length) show(items.filter((m) => m.author !== 'person'));
}

console.log(`tawjih in the terminal, on its own database: ${dbArg} (--db to choose another; the server's console and numbers never see it).`);
console.log('Type your message (Ctrl+D to quit).');
const send = async (text: string) => {
  await app.assistant.handle({ channel: 'cli', channelUserId: user, channelMessageId: String(++counter), text, receivedAt: Date.now() });
  await showNew();
};
await send('hello');
const advisorWatch = setInterval(() => void showNew().catch(() => undefined), 2000);
for await (const line of { [Symbol.asyncIterator]: () => lines }) {
  if (line.trim()) await send(line.trim());
}
clearInterval(advisorWatch);
client.close();
