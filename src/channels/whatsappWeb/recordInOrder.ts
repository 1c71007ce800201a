import type { Logger } from '../../core/assistantDeps.js';
import { InboundNotRecordedError, type Assistant } from '../../core/createAssistant.js';
import type { InboundMessage } from '../../core/message.js';
import { keepTrying, type KeepTrying } from '../../health/keepTrying.js';
import type { Backoff } from '../../health/serviceHealth.js';

/**
 * Hands the linked phone's messages to the core, in the order they came. WhatsApp never delivers
 * them again, so one that could not be recorded (the database is out of reach) is kept here, with
 * those that follow it, and tried again with capped backoff until the database takes it: an
 * outage of the database loses none of them (only a stop of the process during it would).
 */
export function recordInOrder(o: { assistant: Assistant; log: Logger; backoff?: Backoff }): { handle(msg: InboundMessage): Promise<void>; stop(): void } {
  const waiting: InboundMessage[] = [];
  let retrying: KeepTrying | null = null;

  /** false: not recorded (to try again); true: recorded (answered, or its turn failed: the core retries it). */
  async function pass(msg: InboundMessage): Promise<boolean> {
    try {
      await o.assistant.handle(msg);
    } catch (error) {
      if (error instanceof InboundNotRecordedError) return false;
      o.log.error('whatsapp_web.turn_failed', { error: error instanceof Error ? error.name : 'unknown' });
    }
    return true;
  }

  function retry(): void {
    retrying ??= keepTrying(
      async () => {
        while (waiting.length) {
          if (!(await pass(waiting[0]!))) return false;
          waiting.shift();
        }
        retrying = null;
        return true;
      },
      o.backoff,
      1000,
    );
  }

  return {
    async handle(msg) {
      if (waiting.length) {
        waiting.push(msg);
        return;
      }
      if (await pass(msg)) return;
      if (!waiting.length) o.log.warn('whatsapp_web.not_recorded', { hint: 'kept in memory and tried again until the database takes it' });
      waiting.push(msg);
      retry();
    },
    stop() {
      retrying?.stop();
      retrying = null;
      if (waiting.length) o.log.error('whatsapp_web.lost_at_stop', { count: waiting.length });
    },
  };
}
