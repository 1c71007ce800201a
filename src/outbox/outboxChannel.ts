import type { ChannelSender, OutageReason } from '../core/ports.js';
import type { ServiceHealth } from '../health/serviceHealth.js';
import type { RateLimit } from './rateLimiter.js';

/** A cheap call that says whether a channel is back (Telegram's getMe, the Graph API's phone number). */
export type ChannelProbe = () => Promise<{ ok: true } | { ok: false; reason: OutageReason; error: string }>;

export interface OutboxChannel {
  sender: ChannelSender;
  limit: RateLimit;
  /** The channel's state, shared with its connection (one is made when none is given). */
  health?: ServiceHealth;
  /** Tried when an outage's wait is over, before any held message: none, and the oldest message is the probe. */
  probe?: ChannelProbe;
}
