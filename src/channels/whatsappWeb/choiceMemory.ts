import type { Choice } from '../../core/message.js';
import { normalizeText } from '../../knowledge/normalize.js';

/**
 * The numbered options last sent to each chat, so that a typed "2" (or an option's exact label)
 * picks what the person sees on their screen, whatever menu the conversation is in. In memory:
 * after a restart the core still reads numbers and labels of the current menu.
 */
export class ChoiceMemory {
  private readonly byChat = new Map<string, Choice[]>();

  constructor(private readonly maxChats = 10_000) {}

  remember(chatId: string, choices: Choice[]): void {
    this.byChat.delete(chatId);
    if (!choices.length) return;
    this.byChat.set(chatId, choices);
    if (this.byChat.size > this.maxChats) this.byChat.delete(this.byChat.keys().next().value!);
  }

  /** The choice id a typed text stands for, if any. */
  resolve(chatId: string, text: string): string | null {
    const choices = this.byChat.get(chatId);
    if (!choices) return null;
    const n = normalizeText(text);
    if (!n) return null;
    if (/^\d{1,2}$/.test(n)) return choices[Number(n) - 1]?.id ?? null;
    return choices.find((c) => normalizeText(c.label) === n)?.id ?? null;
  }
}
