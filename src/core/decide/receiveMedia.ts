import { declaredMediaType, isAdvisorMediaKind } from '../advisorMedia.js';
import { whoAnswers } from '../conversationStates.js';
import type { InboundMessage } from '../message.js';
import { advisorButton, menuButton, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { cancelTicketButton } from './openTicket.js';

/**
 * A photo, voice note, document (or a sticker, a video…) in a conversation that exists. Outside a
 * handoff the bot reads only text: it says so, and offers an advisor (who can see photos and
 * documents). While the person waits for an advisor or talks to one, a photo, a voice note or a
 * PDF is passed on: the turn records it (`t.media`), and the file is fetched from the channel
 * after the turn (media/mediaWorker.ts), so a failing download never loses the message. What
 * cannot be passed on (a video, a sticker, a file of another type, one too large) is said at once.
 * A caption is still read as text (answerMessage).
 */
export function receiveMedia(t: TurnDraft, msg: InboundMessage): void {
  const who = whoAnswers(t.conversation.state);
  if (who === 'bot') return say(t, tr(t, 'media.unsupported'), [advisorButton(t), menuButton(t)]);
  const waiting = who === 'bot_and_queue';
  const buttons = waiting ? [cancelTicketButton(t), menuButton(t)] : undefined;
  const kind = msg.media;
  const attachment = msg.attachment;
  if (!isAdvisorMediaKind(kind) || !attachment || declaredMediaType(attachment.type) === 'refused') return say(t, tr(t, 'media.not_passed'), buttons);
  const maxBytes = t.deps.mediaMaxBytes ?? 10 * 1024 * 1024;
  if (attachment.size !== undefined && attachment.size > maxBytes) return say(t, tr(t, 'media.too_large', { mb: String(Math.floor(maxBytes / 1048576)) }), buttons);
  t.media = { id: t.deps.ids.next('f'), kind, ref: attachment.ref };
  // Waiting: the person is told it reached the queue (a caption gets its own answer). With an
  // advisor, the bot says nothing: the advisor sees it arrive.
  if (waiting && !msg.text?.trim()) say(t, tr(t, 'media.passed'), buttons);
}
