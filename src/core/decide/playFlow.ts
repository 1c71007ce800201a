import type { NodeAddress } from '../../flows/flowGraph.js';
import { enterNode, type FlowRun } from '../../flows/runFlow.js';
import type { FlowOption } from '../../flows/flowSchema.js';
import { choiceId } from '../choiceIds.js';
import type { Choice } from '../message.js';
import { flowFacts, localeOf, requireProgram, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { openTicket } from './openTicket.js';
import { showArticle } from './showArticle.js';

/** Goes to a node of a flow and plays what it says until it waits for the person. */
export function enterFlow(t: TurnDraft, addr: NodeAddress, before: string[] = []): void {
  const run = enterNode(t.deps.graph, addr, flowFacts(t));
  playFlow(t, before.length ? { steps: [...before.map((key) => ({ kind: 'say' as const, key })), ...run.steps], position: run.position } : run);
}

/** The main menu, maybe after a few words ("this menu is out of date", …). */
export const enterMainMenu = (t: TurnDraft, before: string[] = []) => enterFlow(t, t.deps.graph.start('main')!, before);

/** Turns flow steps into replies: consecutive "say" texts are joined to the next prompt (fewer messages on a cheap phone). */
export function playFlow(t: TurnDraft, run: FlowRun): void {
  const pending: string[] = [];
  const flush = (choices?: Choice[], last?: string) => {
    const text = [...pending, ...(last ? [last] : [])].join('\n\n');
    pending.length = 0;
    if (text) say(t, text, choices);
  };
  let positionAfter = run.position;
  for (const step of run.steps) {
    switch (step.kind) {
      case 'say':
      case 'end':
        if (step.key) pending.push(tr(t, step.key));
        break;
      case 'menu': {
        const choices = menuButtons(t, step.addr, step.options);
        flush(choices.length ? choices : undefined, tr(t, step.prompt));
        break;
      }
      case 'events':
        flush();
        t.replies.push(t.deps.program!.eventsReply(programView(t), requireProgram(t)));
        break;
      case 'search':
        flush(undefined, tr(t, step.prompt));
        break;
      case 'article':
        flush();
        showArticle(t, step.articleId, 'summary', step.back);
        positionAfter = t.conversation.position;
        break;
      case 'handoff':
        flush();
        openTicket(t, step.topic, step.sensitive);
        break;
    }
  }
  flush();
  t.conversation.position = positionAfter;
}

export function menuButtons(t: TurnDraft, addr: NodeAddress, options: FlowOption[]): Choice[] {
  return options.map((o) => ({ id: choiceId.option(addr, o.id), label: tr(t, o.label) }));
}

export const programView = (t: TurnDraft) => ({ i18n: t.deps.i18n, locale: localeOf(t), timeZone: t.deps.timeZone ?? 'Africa/Casablanca' });
