import { createInterface } from 'node:readline/promises';
import { randomUUID } from 'node:crypto';
import { parseConfig } from '../config/configSchema.js';
import { composeApp } from '../app/composeApp.js';
import { loadContent } from '../app/loadContent.js';
import { createLogger } from '../app/logger.js';
import { readContentDir } from '../content/readContentDir.js';
import { systemClock } from '../core/ids.js';
import type { StoredReply } from '../core/message.js';
import { LibsqlStore } from '../storage/libsqlStore.js';
import { LibsqlHandoffStore } from '../storage/libsqlHandoffStore.js';
import { migrateDatabase, openDatabase } from '../storage/openDatabase.js';

/** npm run chat — the same conversation in the terminal. Type a number, a label or a question. */
const parsed = parseConfig(process.env);
if (!parsed.ok) {
  console.error(`tawjih: ${parsed.message}`);
  process.exit(1);
}
const config = { ...parsed.config, LOG_LEVEL: 'silent' as const };
const { client, db } = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
await migrateDatabase(db);
const store = new LibsqlStore(db, client);
const app = composeApp({ config, content: loadContent(await readContentDir(process.cwd())), store, handoffStore: new LibsqlHandoffStore(client), clock: systemClock, log: createLogger('silent') });
const user = `cli-${randomUUID().slice(0, 8)}`;
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
let counter = 0;

function show(replies: StoredReply[]) {
  for (const { reply } of replies) {
    console.log(`\ntawjih> ${reply.text.replace(/\*\*/g, '')}`);
    if (reply.kind === 'text') reply.choices?.forEach((c, i) => console.log(`   ${i + 1}. ${c.label}`));
  }
  console.log('');
}

console.log('tawjih in the terminal. Type your message (Ctrl+D to quit).');
const send = async (text: string) => {
  const outcome = await app.assistant.handle({ channel: 'cli', channelUserId: user, channelMessageId: String(++counter), text, receivedAt: Date.now() });
  if (outcome.status === 'handled' || outcome.status === 'duplicate') show(outcome.replies);
};
await send('hello');
for await (const line of rl) {
  if (line.trim()) await send(line.trim());
}
client.close();
