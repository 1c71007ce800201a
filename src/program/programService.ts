/**
 * The Center's program, composed: the bot's port (what a turn reads and changes), campaigns,
 * events and reminders, and the one background pass that moves them on.
 */
import type { ChannelName } from '../core/message.js';
import { CampaignService } from './campaigns.js';
import { EventService } from './events.js';
import type { ProgramDeps } from './programDeps.js';
import type { ProgramContext, ProgramEffects, ProgramPort } from '../core/programPort.js';
import { cancelReply, eventsListReply, EVENTS_SHOWN, registerOutcome, registerReply } from './renderProgram.js';

/** Reminders are looked for at most this often (they go "the day before": minutes do not matter). */
const REMINDERS_EVERY_MS = 60_000;
const PURGE_EVERY_MS = 3600_000;

export class ProgramService implements ProgramPort {
  readonly eventsReply = eventsListReply;
  readonly registerOutcome = registerOutcome;
  readonly registerReply = registerReply;
  readonly cancelReply = cancelReply;
  readonly campaigns: CampaignService;
  readonly events: EventService;
  private lastReminders = -Infinity;
  private lastPurge = -Infinity;

  constructor(readonly deps: ProgramDeps) {
    this.campaigns = new CampaignService(deps);
    this.events = new EventService(deps);
  }

  context(contact: { id: string; province: string | null }, now: number, eventIds: string[]): Promise<ProgramContext> {
    return this.deps.store.turn.programContext(contact, now, eventIds, EVENTS_SHOWN);
  }

  async apply(target: { contactId: string; channel: ChannelName; recipient: string }, effects: ProgramEffects, now: number): Promise<boolean> {
    const ok = await this.deps.store.turn.applyEffects(target, effects, now);
    if (effects.subscribe?.length || effects.unsubscribeAll) this.deps.log.info('program.subscriptions', { topics: effects.subscribe?.length ?? 0, stop: Boolean(effects.unsubscribeAll) });
    if (effects.register) this.deps.log.info('program.registration', { event: effects.register, ok });
    return ok;
  }

  /** One pass of the background loop: campaigns due and under way, then reminders. */
  async tick(): Promise<void> {
    await this.campaigns.tick();
    const now = this.deps.clock.now();
    if (Math.abs(now - this.lastReminders) >= REMINDERS_EVERY_MS) {
      this.lastReminders = now;
      await this.events.sendReminders();
    }
    if (this.deps.retentionDays && Math.abs(now - this.lastPurge) >= PURGE_EVERY_MS) {
      this.lastPurge = now;
      const purged = await this.deps.store.analytics.purgeSurveyText(this.freeTextQuestions(), now - this.deps.retentionDays * 86_400_000);
      if (purged) this.deps.log.info('program.survey_text_purged', { count: purged });
    }
  }

  /** The survey questions answered in free text (ask nodes): anonymous, but words can name someone. */
  freeTextQuestions(): { survey: string; question: string }[] {
    return this.deps.graph.flowIds().flatMap((id) => Object.values(this.deps.graph.flow(id)!.nodes).flatMap((n) => (n.type === 'ask' ? [n.record] : [])));
  }
}
