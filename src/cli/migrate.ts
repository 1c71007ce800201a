import { cliConfig } from '../runtime/environment.js';
import { migrateDatabase, openDatabase } from '../storage/openDatabase.js';

/** npm run db:migrate — applies pending migrations to DATABASE_URL. */
const config = cliConfig();
const { client, db } = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
await migrateDatabase(db);
const tables = await client.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
console.log(`db:migrate ok: ${config.DATABASE_URL} has ${String(tables.rows[0]?.n)} tables`);
client.close();
