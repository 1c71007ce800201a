import type { Locale } from '../config/configSchema.js';
import type { CommandName } from '../content/contentTypes.js';
import type { NodeAddress } from '../flows/flowGraph.js';
import { choiceId, parseChoiceId } from './choiceIds.js';
import { chooseOption, enterNode, menuOptions, type FlowRun } from '../flows/runFlow.js';
import type { FieldUpdate, FlowNode, FlowOption } from '../flows/flowSchema.js';
import { normalizeText } from '../knowledge/normalize.js';
import type { AssistantDeps } from './assistantDeps.js';
import type { Choice, InboundMessage, Reply } from './message.js';
import type { ConsentIntent, Contact, Conversation, FlowPosition, TurnCommit } from './ports.js';
import { PROVINCE_LABEL_KEYS, provinceFromLocation } from './provinceFromLocation.js';
import { renderArticleBody, renderArticleSummary } from './renderArticle.js';
import { parseChoice, type ParsedChoice } from './validateChoice.js';
import { nextState, StateTransitionError, whoAnswers } from '../handoff/conversationStates.js';
import { ProgramContextNeeded, type ProgramContext, type ProgramEffects } from '../program/programTurn.js';
import { cancelReply, eventsListReply, registerOutcome, registerReply } from '../program/renderProgram.js';

/** What the onboarding notice asks consent for (recorded with the time and the notice's version). */
export const PRIVACY_PURPOSE = 'orientation by the Center; anonymous statistics';

/** The mutable state of one turn; everything it changes is committed at once by the caller. */
export interface TurnState {
  contact: Contact;
  conversation: Conversation;
  replies: Reply[];
  ticket?: TurnCommit['ticket'];
  eraseContact?: boolean;
  gaps: NonNullable<TurnCommit['knowledgeGaps']>;
  feedback: NonNullable<TurnCommit['feedback']>;
  surveyAnswers: NonNullable<TurnCommit['surveyAnswers']>;
  closeOpenTicket?: TurnCommit['closeOpenTicket'];
  /** The buttons of the last message the person received: a typed "2" means the second one. */
  lastChoices?: Choice[] | null;
  /** Events near the person and their registrations, when this turn needs them (loaded on demand). */
  program?: ProgramContext;
  /** Subscriptions and registrations this turn changes. */
  programEffects?: ProgramEffects;
}

/** Decides the bot's answer to one inbound message. No I/O: storage happens around it. */
export class TurnRunner {
  constructor(
    private readonly deps: AssistantDeps,
    private readonly s: TurnState,
  ) {}

  private get locale(): Locale {
    return this.s.contact.locale ?? this.deps.defaultLocale;
  }

  private t(key: string, params?: Record<string, string>): string {
    return this.deps.i18n.t(this.locale, key, params);
  }

  private say(text: string, choices?: Choice[]): void {
    this.s.replies.push({ kind: 'text', text, ...(choices ? { choices } : {}), dir: this.deps.i18n.dir(this.locale), locale: this.locale });
  }

  private get position(): FlowPosition | null {
    return this.s.conversation.position;
  }

  private set position(p: FlowPosition | null) {
    this.s.conversation.position = p;
  }

  /** The person sends faster than anyone reads: ask them, kindly, to wait a moment. */
  slowDown(): void {
    this.say(this.t('rate.limited'));
  }

  /**
   * A brand-new conversation: welcome and onboarding. A photo, voice note or contact card first
   * is told, before the welcome, that only text can be read; a location, that it was not saved;
   * a tap on a button of a conversation that is gone (erased, purged), that it is out of date.
   */
  start(msg?: InboundMessage): void {
    const run = enterNode(this.deps.graph, this.deps.graph.start('onboarding')!, this.facts());
    const first = msg?.choice !== undefined ? 'choice.stale' : msg?.location ? 'location.not_saved_first' : msg?.media ? 'media.unsupported' : null;
    this.play(first ? { steps: [{ kind: 'say', key: first }, ...run.steps], position: run.position } : run);
  }

  handle(msg: InboundMessage, choice: ParsedChoice | null): void {
    if (msg.choice !== undefined) return this.handleTap(msg.choice, choice);
    const text = msg.text?.trim() ?? '';
    if (msg.location) return this.handleLocation(msg.location.latitude, msg.location.longitude);
    if (msg.media) {
      // A photo, voice note, sticker or document: say what can be read; a caption is still read.
      this.say(this.t('media.unsupported'));
      if (!text) return;
    }
    if (!text) return;
    if (this.position?.pending === 'delete') return this.handleDeleteAnswer(text);
    const option = this.matchTypedOption(text);
    if (option) return this.handleChoice(option);
    const command = this.deps.commands(text);
    if (command) return this.runCommand(command);
    const asked = this.position && !this.position.article ? this.deps.graph.node(this.position) : undefined;
    if (asked?.type === 'ask' && whoAnswers(this.s.conversation.state) === 'bot') return this.answerAsk(asked, text);
    switch (whoAnswers(this.s.conversation.state)) {
      case 'advisor':
        // An advisor has the conversation: the bot stays silent (never both answer).
        return;
      case 'bot_and_queue': {
        // Waiting for an advisor: the message is in the ticket; the bot answers only when sure.
        const result = this.deps.knowledge.search(text);
        if (result.kind === 'answer') return this.answerQuestion(text);
        this.say(this.t('handoff.received'), [this.cancelTicketChoice(), { id: choiceId.command('menu'), label: this.t('common.menu') }]);
        return;
      }
      default:
        this.answerQuestion(text);
    }
  }

  /**
   * A shared location sets the province, only with consent (no profile otherwise): without it,
   * the privacy notice is asked, and the province is noted as soon as the person agrees.
   */
  private handleLocation(latitude: number, longitude: number): void {
    const province = provinceFromLocation(latitude, longitude);
    if (this.s.contact.consentAt === null) return this.askConsentFor({ kind: 'province', province }, 'location.need_consent');
    this.s.contact.province = province;
    this.say(this.t('location.saved', { province: this.t(PROVINCE_LABEL_KEYS[province]!) }), [{ id: choiceId.command('menu'), label: this.t('common.menu') }]);
  }

  /** The privacy notice, with what the person asked for kept until they answer it. */
  private askConsentFor(intent: ConsentIntent, why: string): void {
    const notice = enterNode(this.deps.graph, { flow: 'onboarding', node: 'privacy' }, this.facts());
    this.play({ steps: [{ kind: 'say', key: why }, ...notice.steps], position: notice.position });
    if (this.position) this.position.resume = intent;
  }

  /** Consent was just given (or refused) with an intent waiting: it is done now (or dropped, saying so). */
  private resumeIntent(intent: ConsentIntent, consented: boolean): void {
    if (!consented) return this.say(this.t(intent.kind === 'register' ? 'program.events.not_registered' : 'location.not_saved'));
    if (intent.kind === 'register') return this.eventAction('reg', intent.eventId);
    this.s.contact.province = intent.province;
    this.say(this.t('location.saved', { province: this.t(PROVINCE_LABEL_KEYS[intent.province]!) }));
  }

  /**
   * A tap on a button. The buttons of the last message are live; an older button is followed
   * only when what it does does not depend on when it was shown (a command, an article, an
   * event, a menu link). One that would change the profile or consent ("I agree", a language, a
   * province, "yes, delete") from an old message, or an id nobody knows, changes nothing: the
   * person is told the menu is out of date and gets the current one.
   */
  private handleTap(id: string, choice: ParsedChoice | null): void {
    if (choice && (this.isLive(id, choice) || this.followsAnytime(choice))) return this.handleChoice(choice);
    const live = this.s.lastChoices;
    if (live?.length) return this.say(this.t('choice.stale'), live);
    const run = enterNode(this.deps.graph, this.deps.graph.start('main')!, this.facts());
    this.play({ steps: [{ kind: 'say', key: 'choice.stale' }, ...run.steps], position: run.position });
  }

  private isLive(id: string, choice: ParsedChoice): boolean {
    if (this.s.lastChoices?.some((c) => c.id === id)) return true;
    if (choice.kind === 'delete') return this.position?.pending === 'delete';
    // The menu the conversation is at, even if another message came after it.
    const p = this.position;
    return choice.kind === 'option' && !!p && !p.article && !p.pending && p.flow === choice.flow && p.node === choice.node;
  }

  private followsAnytime(choice: ParsedChoice): boolean {
    switch (choice.kind) {
      case 'option': {
        const option = menuOptions(this.deps.graph, { flow: choice.flow, node: choice.node })?.find((o) => o.id === choice.optionId);
        return !!option && !option.set;
      }
      case 'delete':
        return !choice.confirm;
      default:
        return true;
    }
  }

  private handleChoice(choice: ParsedChoice): void {
    switch (choice.kind) {
      case 'command':
        return this.runCommand(choice.command);
      case 'back': {
        const p = this.position;
        if (p) this.enter({ flow: p.flow, node: p.node });
        else this.enter(this.deps.graph.start('main')!);
        return;
      }
      case 'delete':
        return this.finishDelete(choice.confirm);
      case 'cancel_ticket':
        return this.cancelTicket();
      case 'article':
        return this.articleAction(choice.action, choice.articleId);
      case 'event':
        return this.eventAction(choice.action, choice.eventId);
      case 'option': {
        const addr = { flow: choice.flow, node: choice.node };
        const option = menuOptions(this.deps.graph, addr)!.find((o) => o.id === choice.optionId)!;
        const resume = this.position?.flow === addr.flow && this.position.node === addr.node ? this.position.resume : undefined;
        const { updates, run } = chooseOption(this.deps.graph, addr, option, this.facts());
        this.applyUpdates(updates);
        if (resume && updates.consent !== undefined) this.resumeIntent(resume, updates.consent);
        if (option.record) {
          this.s.surveyAnswers.push({ ...option.record, locale: this.locale, channel: this.s.conversation.channel, at: this.deps.clock.now() });
        }
        this.play(run);
        return;
      }
    }
  }

  /** "2", or the label of a button of the last message, or of the current menu (in any language). */
  private matchTypedOption(text: string): ParsedChoice | null {
    const n = normalizeText(text);
    const number = /^\d{1,2}$/.test(n) ? Number(n) : null;
    const last = this.s.lastChoices;
    if (last?.length) {
      const hit = number ? last[number - 1] : last.find((c) => normalizeText(c.label) === n);
      const parsed = hit ? parseChoice(hit.id, this.deps.graph, (id) => this.deps.knowledge.article(id) !== undefined) : null;
      if (parsed) return parsed;
    }
    const p = this.position;
    if (!p) return null;
    if (p.article) {
      const choices = this.articleChoices(p.article);
      const hit = number ? choices[number - 1] : choices.find((c) => normalizeText(c.label) === n);
      return hit ? parseChoiceId(hit.id) : null;
    }
    const options = menuOptions(this.deps.graph, p);
    if (!options) return null;
    const byNumber = number ? options[number - 1] : undefined;
    const byLabel = options.find((o) =>
      (['ar', 'fr', 'en', 'es', 'shi', 'ary'] as Locale[]).some((l) => normalizeText(this.deps.i18n.t(l, o.label)) === n),
    );
    const hit = byNumber ?? byLabel;
    return hit ? { kind: 'option', flow: p.flow, node: p.node, optionId: hit.id } : null;
  }

  private articleChoices(articleId: string): Choice[] {
    const view = this.articleView(articleId);
    if (!view) return [];
    const reply = this.position?.part === 'body' ? renderArticleBody(view) : renderArticleSummary(view);
    return reply.kind === 'text' ? (reply.choices ?? []) : [];
  }

  private articleView(articleId: string) {
    const article = this.deps.knowledge.article(articleId);
    if (!article) return null;
    return { article, locale: this.locale, i18n: this.deps.i18n, center: this.deps.center, canGoBack: Boolean(this.position) };
  }

  private articleAction(action: 'more' | 'yes' | 'no' | 'show', articleId: string): void {
    const at = this.deps.clock.now();
    if (action === 'yes' || action === 'no') {
      this.s.feedback.push({ articleId, helpful: action === 'yes', at });
      if (action === 'yes') {
        this.say(this.t('article.thanks'));
        return;
      }
      const query = this.position?.query;
      if (query) this.s.gaps.push({ query, lang: this.deps.knowledge.detectLanguage(query) ?? this.locale, reason: 'not_helpful', at });
      this.say(this.t('article.sorry'), [
        { id: choiceId.command('advisor'), label: this.t('common.advisor') },
        { id: choiceId.command('menu'), label: this.t('common.menu') },
      ]);
      return;
    }
    this.showArticle(articleId, action === 'more' ? 'body' : 'summary', null);
  }

  private showArticle(articleId: string, part: 'summary' | 'body', back: NodeAddress | null, query?: string): void {
    const base = back ?? (this.position ? { flow: this.position.flow, node: this.position.node } : null);
    this.position = base ? { ...base, article: articleId, ...(query ? { query } : this.position?.query ? { query: this.position.query } : {}) } : null;
    const view = this.articleView(articleId);
    if (!view) {
      this.say(this.t('article.placeholder'));
      return;
    }
    if (this.position) {
      if (part === 'body') this.position.part = 'body';
      else delete this.position.part;
    }
    this.s.replies.push(part === 'body' ? renderArticleBody(view) : renderArticleSummary(view));
  }

  private answerQuestion(text: string): void {
    const result = this.deps.knowledge.search(text);
    if (result.kind === 'answer') {
      const back = this.position ? { flow: this.position.flow, node: this.position.node } : null;
      this.showArticle(result.best.articleId, 'summary', back, text);
      return;
    }
    if (result.reason === 'empty') {
      // "merci", "bonne nuit", "salam": no question in it; show where to go from here.
      return this.enter(this.deps.graph.start('main')!);
    }
    this.s.gaps.push({ query: text, lang: this.deps.knowledge.detectLanguage(text) ?? this.locale, reason: 'abstain', at: this.deps.clock.now() });
    const choices: Choice[] = [
      { id: choiceId.command('menu'), label: this.t('common.menu') },
      { id: choiceId.command('advisor'), label: this.t('common.advisor') },
    ];
    this.say(this.t('search.abstain'), choices);
  }

  private runCommand(command: CommandName): void {
    const g = this.deps.graph;
    switch (command) {
      case 'menu':
        return this.enter(g.start('main')!);
      case 'start':
        // "start", "news", "actualités", "أخبار": choose the Center's news (or the menu).
        return this.enter(g.start('news') ?? g.start('main')!);
      case 'language':
        return this.enter(g.start('language')!);
      case 'advisor':
        return this.enter(g.start('handoff')!);
      case 'help':
        return this.say(this.t('commands.help'), [{ id: choiceId.command('menu'), label: this.t('common.menu') }]);
      case 'privacy':
        return this.say(this.t('commands.privacy'), [{ id: choiceId.command('menu'), label: this.t('common.menu') }]);
      case 'stop':
        this.s.contact.subscribed = false;
        this.effects().unsubscribeAll = true;
        return this.say(this.t('commands.stop'));
      case 'delete':
        this.position = { ...(this.position ?? { flow: 'main', node: 'menu' }), pending: 'delete' };
        delete this.position.article;
        return this.say(this.t('commands.delete_confirm'), [
          { id: choiceId.delete(true), label: this.t('commands.delete_yes') },
          { id: choiceId.delete(false), label: this.t('commands.delete_no') },
        ]);
    }
  }

  private handleDeleteAnswer(text: string): void {
    const n = normalizeText(text);
    const yes = n === '1' || normalizeText(this.t('commands.delete_yes')) === n;
    const no = n === '2' || normalizeText(this.t('commands.delete_no')) === n;
    if (yes || no) return this.finishDelete(yes);
    const p = this.position!;
    delete p.pending;
    this.handle({ text } as InboundMessage, null);
  }

  private finishDelete(confirm: boolean): void {
    if (this.position) delete this.position.pending;
    if (!confirm) {
      this.say(this.t('commands.delete_cancelled'), [{ id: choiceId.command('menu'), label: this.t('common.menu') }]);
      return;
    }
    this.s.eraseContact = true;
    this.say(this.t('commands.delete_done'));
  }

  private facts() {
    return { audience: this.s.contact.audience, consent: this.s.contact.consentAt !== null, province: this.s.contact.province !== null };
  }

  private applyUpdates(u: FieldUpdate): void {
    const c = this.s.contact;
    if (u.locale) {
      c.locale = u.locale;
      c.localeChosen = true;
    }
    if (u.consent === true) {
      c.consentAt = this.deps.clock.now();
      c.consentVersion = this.deps.privacyNoticeVersion;
      c.consentPurpose = PRIVACY_PURPOSE;
    }
    if (u.consent === false) {
      if (c.consentAt !== null) this.effects().unsubscribeAll = true;
      c.consentAt = null;
      c.consentVersion = null;
      c.consentPurpose = null;
      c.audience = null;
      c.province = null;
    }
    // Without consent, no profile is kept: audience and province are only stored with consent.
    if (c.consentAt !== null) {
      if (u.audience) c.audience = u.audience;
      if (u.province) c.province = u.province;
      // News only for people who opted in, topic by topic.
      if (u.news === 'none') {
        c.subscribed = false;
        this.effects().unsubscribeAll = true;
      } else if (u.news) {
        c.subscribed = true;
        this.effects().subscribe = [...new Set([...(this.effects().subscribe ?? []), ...u.news])];
      }
    }
  }

  private enter(addr: NodeAddress): void {
    this.play(enterNode(this.deps.graph, addr, this.facts()));
  }

  /** Turns flow steps into replies: consecutive "say" texts are joined to the next prompt. */
  private play(run: FlowRun): void {
    const pending: string[] = [];
    const flush = (choices?: Choice[], last?: string) => {
      const text = [...pending, ...(last ? [last] : [])].join('\n\n');
      pending.length = 0;
      if (text) this.say(text, choices);
    };
    let positionAfter = run.position;
    for (const step of run.steps) {
      switch (step.kind) {
        case 'say':
        case 'end':
          if (step.key) pending.push(this.t(step.key));
          break;
        case 'menu': {
          const choices = this.menuChoices(step.addr, step.options);
          flush(choices.length ? choices : undefined, this.t(step.prompt));
          break;
        }
        case 'events':
          flush();
          this.s.replies.push(eventsListReply(this.programView(), this.programContext()));
          break;
        case 'search':
          flush(undefined, this.t(step.prompt));
          break;
        case 'article': {
          flush();
          this.showArticle(step.articleId, 'summary', step.back);
          positionAfter = this.position;
          break;
        }
        case 'handoff':
          flush();
          this.openTicket(step.topic, step.sensitive);
          break;
      }
    }
    flush();
    this.position = positionAfter;
  }

  private effects(): ProgramEffects {
    return (this.s.programEffects ??= {});
  }

  /** The program's data; a turn run without it stops here and runs again with it (see createAssistant). */
  private programContext(eventIds: string[] = []): ProgramContext {
    if (!this.s.program) throw new ProgramContextNeeded(eventIds);
    return this.s.program;
  }

  private programView() {
    return { i18n: this.deps.i18n, locale: this.locale, timeZone: this.deps.timeZone ?? 'Africa/Casablanca' };
  }

  /** A short free-text answer to a survey question: recorded without the contact, then the flow goes on. */
  private answerAsk(node: Extract<FlowNode, { type: 'ask' }>, text: string): void {
    const p = this.position!;
    this.s.surveyAnswers.push({ ...node.record, value: text.slice(0, 500), locale: this.locale, channel: this.s.conversation.channel, at: this.deps.clock.now() });
    const next = this.deps.graph.resolve(node.next, p.flow);
    if (next) this.enter(next);
    else this.position = null;
  }

  /** Events near me, register with one tap (with consent: the list is kept), cancel. */
  private eventAction(action: 'list' | 'reg' | 'cancel', eventId: string): void {
    if (action === 'list') return this.enter(this.deps.graph.start('events') ?? this.deps.graph.start('main')!);
    const ctx = this.programContext([eventId]);
    const view = this.programView();
    if (action === 'cancel') {
      const registered = ctx.registered.includes(eventId);
      if (registered) this.effects().cancel = eventId;
      this.s.replies.push(cancelReply(view, ctx, eventId, registered));
      return;
    }
    const outcome = registerOutcome(ctx, eventId, this.deps.clock.now());
    if (outcome === 'ok' && this.s.contact.consentAt === null) {
      // A registration is kept (for the reminder): the privacy notice first; the registration is
      // made as soon as the person agrees, then the rest of onboarding.
      return this.askConsentFor({ kind: 'register', eventId }, 'program.events.need_consent');
    }
    if (outcome === 'ok') this.effects().register = eventId;
    this.s.replies.push(registerReply(view, ctx, eventId, outcome));
  }

  private menuChoices(addr: NodeAddress, options: FlowOption[]): Choice[] {
    return options.map((o) => ({ id: choiceId.option(addr, o.id), label: this.t(o.label) }));
  }

  private openTicket(topic: string, sensitive: boolean): void {
    const next = nextState(this.s.conversation.state, 'open');
    if (!(next instanceof StateTransitionError)) {
      this.s.conversation.state = next;
      this.s.ticket = {
        id: this.deps.ids.next('t'),
        conversationId: this.s.conversation.id,
        topic: this.lastArticleTopic() ?? topic,
        sensitive: sensitive || this.lastArticleSensitive(),
        createdAt: this.deps.clock.now(),
      };
    }
    const parts = [this.t('handoff.opened')];
    const status = this.deps.handoffStatus?.(this.deps.clock.now());
    if (status && !status.open && status.nextOpening !== null) {
      parts.push(this.t('handoff.after_hours', { when: this.formatWhen(status.nextOpening) }));
    } else if (status?.waitMinutes) {
      parts.push(this.t('handoff.wait', { minutes: String(status.waitMinutes) }));
    }
    this.say(parts.join('\n\n'), [this.cancelTicketChoice(), { id: choiceId.command('menu'), label: this.t('common.menu') }]);
  }

  /** A ticket opened while reading an article is about that article (and sensitive if it is). */
  private lastArticleTopic(): string | null {
    return this.position?.article ?? null;
  }

  private lastArticleSensitive(): boolean {
    const id = this.position?.article;
    return Boolean(id && this.deps.knowledge.article(id)?.meta.sensitive);
  }

  private formatWhen(at: number): string {
    const locale = this.locale === 'ary' ? 'ar-MA' : this.locale === 'shi' ? 'fr-MA' : `${this.locale}-MA`;
    return new Intl.DateTimeFormat(locale, { timeZone: this.deps.timeZone ?? 'Africa/Casablanca', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  }

  private cancelTicketChoice(): Choice {
    return { id: choiceId.cancelTicket, label: this.t('handoff.cancel') };
  }

  /** The person no longer needs an advisor: the ticket closes, the bot takes over again. */
  private cancelTicket(): void {
    const next = nextState(this.s.conversation.state, 'cancel');
    if (next instanceof StateTransitionError) {
      this.enter(this.deps.graph.start('main')!);
      return;
    }
    this.s.conversation.state = next;
    this.s.closeOpenTicket = { outcome: 'cancelled' };
    this.say(this.t('handoff.cancelled'), [{ id: choiceId.command('menu'), label: this.t('common.menu') }]);
  }
}
