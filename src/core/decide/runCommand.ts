import type { CommandName } from '../choiceIds.js';
import { menuButton, programEffects, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { askErasure } from './confirmErasure.js';
import { enterFlow, enterMainMenu } from './playFlow.js';

/** A global command, typed in any language or tapped: menu, news, language, advisor, help, privacy, stop, delete my data. */
export function runCommand(t: TurnDraft, command: CommandName): void {
  const g = t.deps.graph;
  switch (command) {
    case 'menu':
      return enterMainMenu(t);
    case 'start':
      // "start", "news", "actualités", "أخبار": choose the Center's news (or the menu).
      return g.start('news') ? enterFlow(t, g.start('news')!) : enterMainMenu(t);
    case 'language':
      return enterFlow(t, g.start('language')!);
    case 'advisor':
      return enterFlow(t, g.start('handoff')!);
    case 'help':
      return say(t, tr(t, 'commands.help'), [menuButton(t)]);
    case 'privacy':
      return say(t, tr(t, 'commands.privacy'), [menuButton(t)]);
    case 'stop':
      t.contact.subscribed = false;
      programEffects(t).unsubscribeAll = true;
      return say(t, tr(t, 'commands.stop'));
    case 'delete':
      return askErasure(t);
  }
}
