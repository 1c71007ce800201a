import type { Choice, InboundMessage } from '../message.js';
import type { InboundRecord } from '../ports.js';

/** What the conversation keeps of a person's message: a tap as its label, media as its kind and caption, never a location's coordinates. */
export function inboundRecord(msg: InboundMessage, id: string, at: number, seen: Choice[]): InboundRecord {
  if (msg.choice !== undefined) return { id, kind: 'tap', text: seen.find((c) => c.id === msg.choice)?.label ?? null, at };
  if (msg.location) return { id, kind: 'location', text: null, at };
  if (msg.media) return { id, kind: msg.media, text: msg.text ?? null, at };
  return { id, kind: msg.editOf !== undefined ? 'edit' : 'text', text: msg.text ?? null, at };
}
