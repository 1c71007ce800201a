import { menuOptions } from '../../flows/runFlow.js';
import { normalizeText } from '../../knowledge/normalize.js';
import { SUPPORTED_LOCALES } from '../../config/configSchema.js';
import { parseChoiceId } from '../choiceIds.js';
import { parseChoice, type ParsedChoice } from '../validateChoice.js';
import { position, type TurnDraft } from '../turn/turnDraft.js';
import { articleButtons } from './showArticle.js';

/**
 * The one rule, on every channel, that turns typed text into a button: "2" is the second button
 * on the person's screen (the last message's), and a button's label typed out is that button;
 * then the same for the buttons of the article or the menu the conversation is at (a menu's
 * label in any language). WhatsApp's numbered menus rely on it.
 */
export function matchTypedChoice(t: TurnDraft, text: string): ParsedChoice | null {
  const n = normalizeText(text);
  const number = /^\d{1,2}$/.test(n) ? Number(n) : null;
  if (t.live?.length) {
    const hit = number ? t.live[number - 1] : t.live.find((c) => normalizeText(c.label) === n);
    const parsed = hit ? parseChoice(hit.id, t.deps.graph, (id) => t.deps.knowledge.article(id) !== undefined) : null;
    if (parsed) return parsed;
  }
  const p = position(t);
  if (!p) return null;
  if (p.article) {
    const buttons = articleButtons(t, p.article);
    const hit = number ? buttons[number - 1] : buttons.find((c) => normalizeText(c.label) === n);
    return hit ? parseChoiceId(hit.id) : null;
  }
  const options = menuOptions(t.deps.graph, p);
  if (!options) return null;
  const hit = (number ? options[number - 1] : undefined) ?? options.find((o) => SUPPORTED_LOCALES.some((l) => normalizeText(t.deps.i18n.t(l, o.label)) === n));
  return hit ? { kind: 'option', flow: p.flow, node: p.node, optionId: hit.id } : null;
}
