import type { Hono } from 'hono';
import type { ChannelName } from '../core/message.js';
import type { MediaSource } from '../media/mediaPorts.js';
import type { OutboxChannel } from '../outbox/outboxWorker.js';

/**
 * A channel, as the composition root sees it: a name; how replies reach the person (`push`:
 * through the outbox, with its sender and rate limits; `pull`: the channel reads them back itself,
 * as the web chat's HTTP answer and the terminal do); the routes it serves; how it connects and
 * disconnects. Each adapter keeps the rest inside (toInbound, render, send). composeApp mounts the
 * list; nothing else is decided by a channel's name.
 */
export interface Channel {
  name: ChannelName;
  delivery: 'push' | 'pull';
  /** For a push channel: who sends, within which limits. */
  outbox?: OutboxChannel;
  /** How a file a person sent is fetched (for an advisor, during a handoff). */
  media?: MediaSource;
  /** Mounted on the app under `path`. */
  routes?: { path: string; app: Hono };
  /** Connects (Telegram's getMe and long polling, the linked phone); the Node runtime calls it. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** The terminal (npm run chat): replies are read back by the command itself. */
export const CLI_CHANNEL: Channel = { name: 'cli', delivery: 'pull' };
