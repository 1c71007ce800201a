/**
 * Choice ids: what a button carries back when the person taps it (Telegram's callback data,
 * WhatsApp's reply id, the web chat's `choice`). The one module that builds and parses them.
 * Every id is under Telegram's 64 bytes (content:check checks the flows' ones).
 *
 *   <flow>.<node>.<option>   an option of a flow's menu
 *   cmd.<command>            a global command (menu, advisor, stop…)
 *   kb.<more|yes|no|show>.<article id>
 *   ev.list · ev.reg.<event id> · ev.cancel.<event id>
 *   kb.none                  "none of these" (the articles offered when the search hesitated)
 *   nav.back · ticket.cancel · del.yes · del.no
 */
export type CommandName = 'menu' | 'language' | 'advisor' | 'help' | 'stop' | 'start' | 'delete' | 'privacy';
export const COMMANDS: readonly CommandName[] = ['menu', 'language', 'advisor', 'help', 'stop', 'start', 'delete', 'privacy'];

export type ArticleAction = 'more' | 'yes' | 'no' | 'show';
export type EventAction = 'list' | 'reg' | 'cancel';

/** What a choice id means, before knowing whether it is still on the person's screen. */
export type ParsedChoiceId =
  | { kind: 'option'; flow: string; node: string; optionId: string }
  | { kind: 'command'; command: CommandName }
  | { kind: 'article'; action: ArticleAction; articleId: string }
  | { kind: 'back' }
  | { kind: 'delete'; confirm: boolean }
  | { kind: 'cancel_ticket' }
  | { kind: 'none_of_these' }
  | { kind: 'event'; action: EventAction; eventId: string };

export const choiceId = {
  option: (addr: { flow: string; node: string }, optionId: string) => `${addr.flow}.${addr.node}.${optionId}`,
  command: (command: CommandName) => `cmd.${command}`,
  article: (action: ArticleAction, articleId: string) => `kb.${action}.${articleId}`,
  eventList: 'ev.list',
  event: (action: 'reg' | 'cancel', eventId: string) => `ev.${action}.${eventId}`,
  back: 'nav.back',
  cancelTicket: 'ticket.cancel',
  noneOfThese: 'kb.none',
  delete: (confirm: boolean) => (confirm ? 'del.yes' : 'del.no'),
} as const;

/** The start of an article's "read more" id, to count the answers shown (analytics). */
export const ARTICLE_MORE_PREFIX = 'kb.more.';

/** Reads a choice id's shape; null when it is no choice id at all. Whether its flow node, article or event exists is checked by the caller. */
export function parseChoiceId(id: string): ParsedChoiceId | null {
  if (id.length > 64) return null;
  if (id === choiceId.back) return { kind: 'back' };
  if (id === choiceId.cancelTicket) return { kind: 'cancel_ticket' };
  if (id === choiceId.noneOfThese) return { kind: 'none_of_these' };
  if (id === 'del.yes' || id === 'del.no') return { kind: 'delete', confirm: id === 'del.yes' };
  if (id === choiceId.eventList) return { kind: 'event', action: 'list', eventId: '' };
  const cmd = /^cmd\.([a-z]+)$/.exec(id);
  if (cmd) return (COMMANDS as readonly string[]).includes(cmd[1]!) ? { kind: 'command', command: cmd[1] as CommandName } : null;
  const ev = /^ev\.(reg|cancel)\.([a-z0-9_]{1,40})$/.exec(id);
  if (ev) return { kind: 'event', action: ev[1] as 'reg' | 'cancel', eventId: ev[2]! };
  const kb = /^kb\.(more|yes|no|show)\.([a-z0-9-]+)$/.exec(id);
  if (kb) return { kind: 'article', action: kb[1] as ArticleAction, articleId: kb[2]! };
  const parts = id.split('.');
  if (parts.length !== 3 || parts.some((p) => !p)) return null;
  return { kind: 'option', flow: parts[0]!, node: parts[1]!, optionId: parts[2]! };
}
