import type { Database } from '../storage/database.js';
import type { ProgramStore } from '../program/programStore.js';
import { GroupCommit } from '../storage/groupCommit.js';
import { libsqlSqlClient, type AnySqlClient } from '../storage/sqlClient.js';
import { LibsqlConversationStore } from '../conversation/libsqlConversationStore.js';
import { LibsqlOutboxStore } from '../outbox/libsqlOutboxStore.js';
import { LibsqlHandoffStore } from '../handoff/libsqlHandoffStore.js';
import { libsqlProgramStore } from '../program/storage/libsqlProgramStore.js';
import { LibsqlPrivacyStore } from '../privacy/libsqlPrivacyStore.js';
import { LibsqlMediaStore } from '../media/libsqlMediaStore.js';

/** Every feature's storage on one database (libSQL file or remote, or D1), sharing its group commit. */
export interface Stores {
  conversations: LibsqlConversationStore;
  outbox: LibsqlOutboxStore;
  handoff: LibsqlHandoffStore;
  program: ProgramStore;
  privacy: LibsqlPrivacyStore;
  media: LibsqlMediaStore;
}

export function createStores(db: Database, client: AnySqlClient, now: () => number = Date.now): Stores {
  const sql = libsqlSqlClient(client);
  const commits = new GroupCommit(sql);
  return {
    conversations: new LibsqlConversationStore(db, sql, commits, now),
    outbox: new LibsqlOutboxStore(db, sql, commits),
    handoff: new LibsqlHandoffStore(sql),
    program: libsqlProgramStore(sql),
    privacy: new LibsqlPrivacyStore(sql),
    media: new LibsqlMediaStore(sql),
  };
}
