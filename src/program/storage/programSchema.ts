import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { contacts } from '../../storage/schema.js';

/** Messages the Center sends to the people who opted in (news, the impact survey). */
export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // news | survey
    texts: text('texts', { mode: 'json' }).notNull(), // { ar, fr, en, es }
    filter: text('filter', { mode: 'json' }).notNull(),
    eventId: text('event_id'),
    survey: text('survey'),
    status: text('status').notNull(), // draft | scheduled | sending | sent | cancelled
    scheduledAt: integer('scheduled_at'),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    audienceCount: integer('audience_count'),
    enqueued: integer('enqueued').notNull().default(0),
    webchatStored: integer('webchat_stored').notNull().default(0),
    /** Per channel, the last conversation enqueued: sending resumes there after a restart. */
    cursors: text('cursors', { mode: 'json' }),
    /** Bumped by every batch: two loops never enqueue the same batch. */
    version: integer('version').notNull().default(0),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('campaigns_status').on(t.status, t.scheduledAt)],
);

/** Workshops and events of the Center (times are instants; the console shows them in TZ_CENTER). */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    titles: text('titles', { mode: 'json' }).notNull(), // { ar, fr, en, es }
    place: text('place').notNull(),
    province: text('province').notNull(),
    startsAt: integer('starts_at').notNull(),
    /** When the reminder goes (the day before). */
    remindAt: integer('remind_at').notNull(),
    capacity: integer('capacity').notNull(),
    languages: text('languages', { mode: 'json' }).notNull(),
    status: text('status').notNull().default('active'), // active | cancelled
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('events_upcoming').on(t.status, t.startsAt)],
);

/** Who registered for an event (erased with the contact); the reminder goes once. */
export const registrations = sqliteTable(
  'registrations',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    status: text('status').notNull(), // registered | cancelled
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    remindedAt: integer('reminded_at'),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.contactId] }), index('registrations_contact').on(t.contactId), index('registrations_due').on(t.status, t.remindedAt)],
);
