import type { Assistant } from '../core/createAssistant.js';
import type { Logger } from '../core/assistantDeps.js';
import type { InboundMessage } from '../core/message.js';
import { InboundNotRecordedError } from '../core/createAssistant.js';

/**
 * What every webhook does with a message: `recorded`, it is recorded and its turn runs right after
 * (a long-running Node process: the provider gets its 200 as soon as the message is on disk);
 * `answered`, its turn runs before the answer (Workers, where nothing runs after the response). A
 * message that could not be recorded throws InboundNotRecordedError (the provider must deliver it
 * again: the webhook answers 5xx); a turn that failed is logged: it was recorded and is tried again
 * later, so the provider must not deliver it again.
 */
export async function passToAssistant(assistant: Assistant, msg: InboundMessage, ack: 'recorded' | 'answered', log: Logger, channel: string): Promise<void> {
  if (ack === 'recorded') {
    await assistant.accept(msg);
    return;
  }
  try {
    await assistant.handle(msg);
  } catch (error) {
    if (error instanceof InboundNotRecordedError) throw error;
    log.error(`${channel}.turn_failed`, { error: error instanceof Error ? error.name : 'unknown' });
  }
}
