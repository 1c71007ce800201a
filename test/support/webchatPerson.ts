import { send, type Target } from './transport.js';
import { expect } from 'vitest';

/** Unicode isolates (U+2066–U+2069) take no room on screen. */
const shown = (s: string) => s.replace(/[\u2066-\u2069]/g, '');

export interface ApiReply {
  id: string;
  text: string;
  choices: { id: string; label: string }[];
  dir: 'rtl' | 'ltr';
  locale: string;
  author: 'bot' | 'advisor';
  /** The article this reply shows. */
  articleId?: string;
  /** The articles this reply offers to choose from. */
  suggestedArticleIds?: string[];
}

/**
 * A person on the web chat, for transcript tests:
 *   await person.says('bonjour'); person.sees(/Choisissez votre langue/); await person.taps('Français');
 */
export class WebchatPerson {
  last: ApiReply[] = [];
  all: ApiReply[] = [];

  constructor(
    readonly baseUrl: Target,
    readonly conversationId: string,
    private readonly locale?: string,
  ) {}

  async post(body: Record<string, unknown>): Promise<{ status: number; json: { replies?: ApiReply[]; error?: string } }> {
    const res = await send(this.baseUrl, `/webchat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: this.conversationId, ...(this.locale ? { locale: this.locale } : {}), ...body }),
    });
    return { status: res.status, json: (await res.json()) as { replies?: ApiReply[]; error?: string } };
  }

  async says(text: string, extra: Record<string, unknown> = {}): Promise<ApiReply[]> {
    const { status, json } = await this.post({ text, ...extra });
    expect(status, `"${text}" -> ${JSON.stringify(json)}`).toBe(200);
    this.last = json.replies ?? [];
    this.all.push(...this.last);
    return this.last;
  }

  /** Taps the button with this label among the last replies' choices. */
  async taps(label: string | RegExp): Promise<ApiReply[]> {
    // The label as the person reads it (isolates are invisible).
    const choice = this.choices().find((c) => (typeof label === 'string' ? shown(c.label) === label : label.test(shown(c.label))));
    expect(choice, `no button "${String(label)}" among: ${this.choices().map((c) => c.label).join(' | ')}`).toBeDefined();
    const { status, json } = await this.post({ choice: choice!.id });
    expect(status).toBe(200);
    this.last = json.replies ?? [];
    this.all.push(...this.last);
    return this.last;
  }

  choices(): { id: string; label: string }[] {
    return this.last.flatMap((r) => r.choices);
  }

  /** The labels as the person reads them. */
  buttonLabels(): string[] {
    return this.choices().map((c) => shown(c.label));
  }

  /** What the person reads: the last replies' text, without the invisible isolates of right-to-left text (rawText() keeps them). */
  text(): string {
    return shown(this.rawText());
  }

  rawText(): string {
    return this.last.map((r) => r.text).join('\n---\n');
  }

  /** Asserts the bot's last answer contains this text. */
  sees(expected: string | RegExp): void {
    if (typeof expected === 'string') expect(this.text()).toContain(expected);
    else expect(this.text()).toMatch(expected);
  }

  /** What the bot and advisors said after the message with id `after` (what a person waits for). */
  async poll(after?: string): Promise<ApiReply[]> {
    return (await this.history(after)).filter((r): r is ApiReply => r.author !== 'person');
  }

  /** The conversation as the page gets it back: both sides, in order (the person's taps: their labels). */
  async history(after?: string): Promise<(Omit<ApiReply, 'author'> & { author: ApiReply['author'] | 'person'; kind?: string })[]> {
    const q = new URLSearchParams({ conversationId: this.conversationId, ...(after ? { after } : {}) });
    const res = await send(this.baseUrl, `/webchat/api/messages?${q}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: (ApiReply & { kind?: string })[] }).replies;
  }
}
