/**
 * The console's pages rendered with made-up data at a Worker's start (renderConsoleSamples): they
 * must be the real pages, or the warm-up compiles nothing an advisor's first request needs.
 */
import { describe, expect, it } from 'vitest';
import { renderConsoleSamples } from '../src/console/renderConsoleSamples.js';
import { prepareContent } from '../src/app/prepareContent.js';
import { shippedContent, shippedIndex } from './support/testApp.js';

describe('the console pages rendered at a Worker start', () => {
  it('are the sign-in page, a queue with a ticket and that ticket, in French and in Arabic', async () => {
    const prepared = prepareContent(await shippedContent(), { index: await shippedIndex() });
    const d = { i18n: prepared.i18n, vocab: prepared.vocab, timeZone: 'Africa/Casablanca', now: Date.UTC(2026, 11, 7, 10) };
    const [login, queue, ticket] = await renderConsoleSamples(d);
    expect(login).toContain('action="/advisor/login"');
    expect(login).toContain('Se connecter');
    expect(queue).toContain('<ol class="queue"');
    expect(queue).toContain('P-SAMP-LE');
    expect(ticket).toContain('Bonjour, je suis là');
    expect(ticket).toMatch(/<time>\d\d:\d\d<\/time> La personne a demandé un conseiller/);
    const [, arQueue] = await renderConsoleSamples(d, 'ar');
    expect(arQueue).toContain('dir="rtl"');
  });
});
