import { libsqlSqlClient, type AnySqlClient } from '../../storage/sqlClient.js';
import type { ProgramStore } from '../programStore.js';
import { LibsqlAnalyticsStore } from './libsqlAnalyticsStore.js';
import { LibsqlCampaignStore } from './libsqlCampaignStore.js';
import { LibsqlEventStore } from './libsqlEventStore.js';
import { LibsqlProgramTurnStore } from './libsqlProgramTurnStore.js';

/** The program's storage on libSQL (file, remote) or D1, in raw SQL; every write of one action in one batch. */
export function libsqlProgramStore(client: AnySqlClient): ProgramStore {
  const sql = libsqlSqlClient(client);
  return { turn: new LibsqlProgramTurnStore(sql), campaigns: new LibsqlCampaignStore(sql), events: new LibsqlEventStore(sql), analytics: new LibsqlAnalyticsStore(sql) };
}
