import { parseConfig } from '../config/configSchema.js';
import { migrateDatabase, openDatabase } from '../storage/openDatabase.js';

/** npm run db:migrate — applies pending migrations to DATABASE_URL. */
const parsed = parseConfig(process.env);
if (!parsed.ok) {
  console.error(`tawjih: ${parsed.message}`);
  process.exit(1);
}
const { client, db } = await openDatabase(parsed.config.DATABASE_URL, parsed.config.DATABASE_AUTH_TOKEN);
await migrateDatabase(db);
const tables = await client.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
console.log(`db:migrate ok: ${parsed.config.DATABASE_URL} has ${String(tables.rows[0]?.n)} tables`);
client.close();
