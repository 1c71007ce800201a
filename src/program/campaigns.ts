/**
 * Campaigns: a message per language to the people who opted in, sent through the outbox in small
 * batches (never one giant transaction, never everyone in memory), so each channel's limits apply
 * and people chatting with the bot meanwhile are not stuck behind thousands of broadcasts.
 */
import type { Locale } from '../config/configSchema.js';
import type { ChannelName, Choice, Reply } from '../core/message.js';
import { choiceId } from '../core/choiceIds.js';
import { isDate, isTime, zonedToEpoch } from './centerTime.js';
import { CAMPAIGN_CHANNELS, CONTACT_LOCALES, PROVINCES, type ProgramDeps } from './programDeps.js';
import { CURSOR_DONE, type AudienceFilter, type BatchMessage, type Campaign, type CampaignKind, type DeliveryCounts } from './programStore.js';
import { NEWS_TOPICS, PROGRAM_LANGS, type NewsTopic, type Texts } from './programTurn.js';
import { campaignReply, seatsLeft } from './renderProgram.js';

/** The survey flows a campaign may start. */
export const SURVEY_FLOWS = ['impact-survey'];
/** People read per batch (one database batch each). */
export const BATCH_SIZE = 50;
/** Web chat messages are only stored (the page reads them): more per pass. */
const WEBCHAT_PER_PASS = 1000;
const MESSAGE_MAX = 1500;

/**
 * How many of a campaign's messages may wait in the outbox on a channel: about two seconds of the
 * channel's rate (at least 10, at most 60). Replies to people who write meanwhile queue behind
 * this many at most.
 */
export function backlogLimit(perSecond: number): number {
  return Math.min(60, Math.max(10, Math.ceil(perSecond * 2)));
}

/** What the campaign form sends (strings, as typed). */
export interface CampaignInput {
  name?: string;
  kind?: string;
  texts?: Partial<Record<string, string>>;
  topic?: string;
  locales?: string[];
  channels?: string[];
  audiences?: string[];
  provinces?: string[];
  eventId?: string;
  survey?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export interface CampaignProgress {
  status: Campaign['status'];
  audience: number;
  enqueued: number;
  webchat: number;
  counts: DeliveryCounts;
  /** Messages handed to the channel (or stored for the web chat), or failed: out of the audience. */
  done: number;
  percent: number;
}

const pick = <T extends string>(values: string[] | undefined, allowed: readonly T[]): T[] => [...new Set((values ?? []).filter((v): v is T => (allowed as readonly string[]).includes(v)))];

export class CampaignService {
  private running: Promise<number> | null = null;
  private again: Promise<number> | null = null;

  constructor(private readonly d: ProgramDeps) {}

  /** Channels this runtime can deliver on: the web chat, and each configured channel. */
  availableChannels(): ChannelName[] {
    return CAMPAIGN_CHANNELS.filter((c) => this.d.delivery(c) === 'pull' || this.d.channels[c]);
  }

  /** Checks a form; errors are console i18n keys. */
  check(input: CampaignInput): Checked<Omit<Campaign, 'id' | 'status' | 'scheduledAt' | 'startedAt' | 'finishedAt' | 'audienceCount' | 'enqueued' | 'webchatStored' | 'cursors' | 'version' | 'createdBy' | 'createdAt'>> {
    const errors: string[] = [];
    const name = (input.name ?? '').trim();
    if (!name || name.length > 120) errors.push('program.errors.name');
    const kind: CampaignKind = input.kind === 'survey' ? 'survey' : 'news';
    const texts: Texts = {};
    for (const l of PROGRAM_LANGS) {
      const text = (input.texts?.[l] ?? '').replace(/\r\n/g, '\n').trim();
      if (text.length > MESSAGE_MAX) errors.push('program.errors.text_long');
      if (text) texts[l] = text;
    }
    if (kind === 'news' && !Object.keys(texts).length) errors.push('program.errors.text');
    const survey = kind === 'survey' ? (input.survey && SURVEY_FLOWS.includes(input.survey) ? input.survey : SURVEY_FLOWS[0]!) : null;
    if (survey && this.d.graph.node(this.d.graph.start(survey) ?? { flow: '', node: '' })?.type !== 'menu') errors.push('program.errors.survey');
    const topic = input.topic === 'any' || !input.topic ? 'any' : (NEWS_TOPICS as readonly string[]).includes(input.topic) ? (input.topic as NewsTopic) : null;
    if (!topic) errors.push('program.errors.topic');
    const filter: AudienceFilter = {
      topic: topic ?? 'any',
      locales: pick(input.locales, CONTACT_LOCALES),
      channels: pick(input.channels, CAMPAIGN_CHANNELS),
      audiences: pick(input.audiences, ['migrant', 'mre'] as const),
      provinces: pick(input.provinces, PROVINCES),
    };
    const eventId = kind === 'news' && input.eventId && /^[a-z0-9_]{1,40}$/.test(input.eventId) ? input.eventId : null;
    if (errors.length) return { ok: false, errors: [...new Set(errors)] };
    return { ok: true, value: { name, kind, texts, filter, eventId, survey } };
  }

  async create(input: CampaignInput, createdBy: string | null): Promise<Checked<Campaign>> {
    const checked = this.check(input);
    if (!checked.ok) return checked;
    if (checked.value.eventId && !(await this.d.store.events.getEvent(checked.value.eventId))) return { ok: false, errors: ['program.errors.event'] };
    const now = this.d.clock.now();
    const campaign: Campaign = {
      ...checked.value,
      id: this.d.ids.next('k'),
      status: 'draft',
      scheduledAt: null,
      startedAt: null,
      finishedAt: null,
      audienceCount: null,
      enqueued: 0,
      webchatStored: 0,
      cursors: {},
      version: 1,
      createdBy,
      createdAt: now,
    };
    await this.d.store.campaigns.createCampaign(campaign);
    this.d.log.info('campaign.created', { campaign: campaign.id, kind: campaign.kind });
    return { ok: true, value: campaign };
  }

  /** How many people would receive it now, per channel this runtime can deliver on. */
  audience(filter: AudienceFilter): Promise<Record<string, number>> {
    return this.d.store.campaigns.countAudience(filter, this.channelsFor(filter));
  }

  private channelsFor(filter: AudienceFilter): ChannelName[] {
    const available = this.availableChannels();
    return filter.channels.length ? available.filter((c) => filter.channels.includes(c)) : available;
  }

  /**
   * Whether a news campaign's workshop can still take a registration (active, to come, a seat
   * left): only then does its message carry a "Register" button.
   */
  async registrationOpen(c: Pick<Campaign, 'eventId'>): Promise<boolean> {
    const event = c.eventId ? await this.d.store.events.getEvent(c.eventId) : null;
    return Boolean(event && event.status === 'active' && event.startsAt > this.d.clock.now() && seatsLeft(event) > 0);
  }

  /** The message as a person with this locale gets it (before each channel renders it); "Register" only if `registerOpen`. */
  replyFor(c: Pick<Campaign, 'kind' | 'texts' | 'survey' | 'eventId'>, locale: Locale, registerOpen: boolean): Reply | null {
    const view = { i18n: this.d.i18n, locale, timeZone: this.d.timeZone };
    let survey: { prompt: string; choices: Choice[] } | undefined;
    if (c.kind === 'survey' && c.survey) {
      const start = this.d.graph.start(c.survey);
      const node = start ? this.d.graph.node(start) : undefined;
      if (!start || node?.type !== 'menu') return null;
      survey = {
        prompt: this.d.i18n.t(locale, node.prompt),
        choices: node.options.map((o) => ({ id: choiceId.option(start, o.id), label: this.d.i18n.t(locale, o.label) })),
      };
    }
    return campaignReply(view, c.texts, { ...(survey ? { survey } : {}), eventId: registerOpen ? c.eventId : null });
  }

  /**
   * Starts sending now (from a draft or a schedule), once the admin confirmed the number of people
   * it goes to: `changed` when that number is no longer the audience (nothing is sent; ask again).
   */
  async sendConfirmed(id: string, confirmedAudience: number): Promise<'sending' | 'changed' | 'state'> {
    const c = await this.d.store.campaigns.getCampaign(id);
    if (!c || (c.status !== 'draft' && c.status !== 'scheduled')) return 'state';
    const audience = Object.values(await this.audience(c.filter)).reduce((a, b) => a + b, 0);
    if (audience !== confirmedAudience) return 'changed';
    if (!(await this.start(c, ['draft', 'scheduled']))) return 'state';
    void this.tick().catch((error) => this.d.log.error('campaign.tick_failed', { error: error instanceof Error ? error.name : 'unknown' }));
    return 'sending';
  }

  /** Schedules a draft for a date and time in the Center's time zone ("2026-12-01", "18:30"). */
  async schedule(id: string, date: string, time: string): Promise<Checked<number>> {
    if (!isDate(date) || !isTime(time)) return { ok: false, errors: ['program.errors.when'] };
    const at = zonedToEpoch(date, time, this.d.timeZone);
    if (at <= this.d.clock.now()) return { ok: false, errors: ['program.errors.past'] };
    const ok = await this.d.store.campaigns.setCampaignStatus(id, ['draft', 'scheduled'], 'scheduled', { scheduledAt: at }, this.d.clock.now());
    return ok ? { ok: true, value: at } : { ok: false, errors: ['program.errors.state'] };
  }

  /** Stops a campaign: nothing more is queued, and what waits in the outbox is not sent. */
  async cancel(id: string): Promise<boolean> {
    const ok = await this.d.store.campaigns.setCampaignStatus(id, ['draft', 'scheduled', 'sending'], 'cancelled', { finishedAt: this.d.clock.now() }, this.d.clock.now());
    if (ok) {
      const dropped = await this.d.store.campaigns.dropQueued(id);
      this.d.log.info('campaign.cancelled', { campaign: id, dropped });
    }
    return ok;
  }

  async progress(id: string): Promise<CampaignProgress | null> {
    const c = await this.d.store.campaigns.getCampaign(id);
    if (!c) return null;
    const counts = await this.d.store.campaigns.deliveryCounts(id);
    const done = c.webchatStored + counts.sent + counts.delivered + counts.read + counts.failed;
    const audience = c.audienceCount ?? 0;
    const total = Math.max(audience, c.enqueued);
    const finished = c.status === 'sent' && counts.queued === 0;
    return {
      status: c.status,
      audience,
      enqueued: c.enqueued,
      webchat: c.webchatStored,
      counts,
      done,
      percent: finished ? 100 : total ? Math.min(100, Math.floor((done / total) * 100)) : 0,
    };
  }

  private async start(c: Campaign, from: Campaign['status'][]): Promise<boolean> {
    const now = this.d.clock.now();
    const audience = Object.values(await this.audience(c.filter)).reduce((a, b) => a + b, 0);
    const ok = await this.d.store.campaigns.setCampaignStatus(c.id, from, 'sending', { startedAt: now, audienceCount: audience }, now);
    if (ok) this.d.log.info('campaign.started', { campaign: c.id, audience });
    return ok;
  }

  /**
   * One pass of the background loop: starts scheduled campaigns whose time has come, and queues the
   * next batches of those sending. A pass asked for during another runs right after it.
   */
  tick(): Promise<number> {
    if (!this.running) {
      this.running = this.pass().finally(() => (this.running = null));
      return this.running;
    }
    this.again ??= this.running.then(
      () => ((this.again = null), this.tick()),
      () => ((this.again = null), this.tick()),
    );
    return this.again;
  }

  private async pass(): Promise<number> {
    let queued = 0;
    for (const c of await this.d.store.campaigns.campaignsToRun(this.d.clock.now())) {
      if (c.status === 'scheduled') {
        if (!(await this.start(c, ['scheduled']))) continue;
        const fresh = await this.d.store.campaigns.getCampaign(c.id);
        if (fresh) queued += await this.enqueueSome(fresh);
      } else queued += await this.enqueueSome(c);
    }
    if (queued) this.d.kickOutbox();
    return queued;
  }

  /** Queues what each channel can take now; marks the campaign sent once everyone is queued. */
  private async enqueueSome(c: Campaign): Promise<number> {
    const channels = this.channelsFor(c.filter);
    const replies = new Map<string, Reply | null>();
    // A workshop that filled up meanwhile is still announced, without its "Register" button.
    const registerOpen = await this.registrationOpen(c);
    const replyFor = (locale: string | null) => {
      const l = (locale ?? this.d.defaultLocale) as Locale;
      if (!replies.has(l)) replies.set(l, this.replyFor(c, l, registerOpen));
      return replies.get(l)!;
    };
    let queued = 0;
    for (const channel of channels) {
      if (c.cursors[channel] === CURSOR_DONE) continue;
      const rate = this.d.channels[channel]?.perSecond;
      let room = this.d.delivery(channel) === 'pull' ? WEBCHAT_PER_PASS : backlogLimit(rate ?? 1) - (await this.d.store.campaigns.campaignBacklog(channel));
      while (room > 0) {
        const limit = Math.min(BATCH_SIZE, room);
        const people = await this.d.store.campaigns.nextRecipients(c.filter, channel, c.cursors[channel] ?? null, limit);
        const finished = people.length < limit;
        const at = this.d.clock.now();
        const messages: BatchMessage[] = people.flatMap((p) => {
          const reply = replyFor(p.locale);
          return reply ? [{ messageId: this.d.ids.next('m'), conversationId: p.conversationId, channel, recipient: p.channelUserId, reply, pushed: this.d.delivery(channel) === 'push' }] : [];
        });
        const cursors = { ...c.cursors, [channel]: finished ? CURSOR_DONE : people.at(-1)!.conversationId };
        // Another loop (another process) got this batch first: leave the campaign to it.
        if (!(await this.d.store.campaigns.enqueueBatch(c, cursors, messages, at))) return queued;
        queued += messages.length;
        room -= Math.max(1, people.length);
        if (finished) break;
      }
    }
    if (channels.every((ch) => c.cursors[ch] === CURSOR_DONE)) {
      const now = this.d.clock.now();
      if (await this.d.store.campaigns.setCampaignStatus(c.id, ['sending'], 'sent', { finishedAt: now }, now)) this.d.log.info('campaign.queued', { campaign: c.id, messages: c.enqueued });
    }
    return queued;
  }
}
