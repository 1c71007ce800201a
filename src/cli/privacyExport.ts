import { parseArgs } from 'node:util';
import { cliConfig } from '../runtime/environment.js';
import { LibsqlPrivacyStore } from '../privacy/libsqlPrivacyStore.js';
import { migrateDatabase, openDatabase } from '../storage/openDatabase.js';

/** npm run privacy:export -- --contact <pseudonym> — everything stored about one person (law 09-08 access request). */
const { values } = parseArgs({ args: process.argv.slice(2), options: { contact: { type: 'string' } }, strict: true });
if (!values.contact) {
  console.error('usage: npm run privacy:export -- --contact P-XXXX-XX   (the pseudonym shown in the advisor console)');
  process.exit(2);
}
const config = cliConfig();
const { client, db } = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
await migrateDatabase(db);
const privacy = new LibsqlPrivacyStore(client);
const contactId = await privacy.findContact(values.contact);
if (!contactId) {
  console.error(`tawjih: nobody with the pseudonym ${values.contact}`);
  client.close();
  process.exit(1);
}
console.log(JSON.stringify({ pseudonym: values.contact, exportedAt: new Date().toISOString(), tables: await privacy.exportContact(contactId) }, null, 2));
client.close();
