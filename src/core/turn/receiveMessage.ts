import type { InboundMessage } from '../message.js';
import type { ReceiptOutcome, Store } from '../ports.js';

/** The message could not be stored: it is not ours yet, the sender must deliver it again (a webhook answers 5xx). */
export class InboundNotRecordedError extends Error {
  override readonly name = 'InboundNotRecordedError';
  constructor(override readonly cause: unknown) {
    super('inbound message could not be recorded');
  }
}

/**
 * The first step of every turn: the message is recorded before anything else (its receipt). A
 * message delivered again gets the replies of the first time; one being handled right now,
 * "in progress". `takeOver`: a message recorded earlier and never answered is handled now.
 */
export async function receiveMessage(store: Store, msg: InboundMessage, takeOver: boolean): Promise<ReceiptOutcome> {
  try {
    return await store.recordInbound(msg, takeOver);
  } catch (cause) {
    throw new InboundNotRecordedError(cause);
  }
}
