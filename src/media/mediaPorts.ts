import type { ChannelName } from '../core/message.js';

/** What a channel answers when asked for a file a person sent. */
export type FetchedMedia =
  | { ok: true; bytes: Uint8Array; /** What the channel says it is (checked against the bytes). */ declaredType?: string }
  /** Larger than the cap: refused for good. */
  | { ok: false; reason: 'too_large' }
  /** The channel no longer has it (expired, deleted): failed until an advisor asks again. */
  | { ok: false; reason: 'gone'; error: string }
  /** Try again later (network, 5xx, 429). `error` names the cause, never a URL, a token or a file name. */
  | { ok: false; reason: 'retry'; error: string };

/** A channel's way to fetch a file by its reference (channels/<channel>/…MediaSource.ts). */
export interface MediaSource {
  fetch(ref: string, maxBytes: number, signal: AbortSignal): Promise<FetchedMedia>;
}

export type MediaSources = Partial<Record<ChannelName, MediaSource>>;

export type MediaStatus = 'pending' | 'stored' | 'failed' | 'refused' | 'erased';

/** One file as the console shows it in a ticket's history. */
export interface MediaView {
  id: string;
  kind: 'image' | 'audio' | 'document';
  status: MediaStatus;
  /** refused: type | too_large; failed: download; erased: ticket_closed | retention. */
  reason: string | null;
  contentType: string | null;
  size: number | null;
}
