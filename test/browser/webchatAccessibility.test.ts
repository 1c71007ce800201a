import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser.js';
import { axeViolations, contrastFailures, cutElements, wordsSplitAcrossLines } from '../support/pageChecks.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const web = (l: string) => JSON.parse(readFileSync(`locales/${l}/web.json`, 'utf8')) as Record<string, string>;
const languageWords = (l: string) => (JSON.parse(readFileSync(`locales/${l}/commands.json`, 'utf8')) as { language: string[] }).language[0]!;

/** A phone; `textScale` 2 is the phone's text setting at 200 % (Chromium's default font size, 32 px). */
async function phone(locale: string, textScale = 1, width = 360): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 740 }, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  if (textScale !== 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16 * textScale, fixed: 13 * textScale } });
  }
  return page;
}
const tap = async (page: Page, name: string) => {
  await page.locator('.msg.bot').last().getByRole('button', { name, exact: true }).click();
};
async function ask(page: Page, text: string) {
  const before = await page.locator('.msg.bot').count();
  // Messages the server has (data-id): the question counts once it is there too.
  const mine = await page.locator('.msg.me[data-id]').count();
  await page.getByRole('textbox').fill(text);
  await page.getByRole('textbox').press('Enter');
  await expect.poll(() => page.locator('.msg.me[data-id]').count()).toBeGreaterThan(mine);
  await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(before);
}
/** Start, French, consent, migrant, Agadir, no news: the main menu. */
async function onboardFrench(page: Page) {
  await page.click('#start');
  await tap(page, 'Français');
  await tap(page, "J'accepte");
  await tap(page, 'Migrant au Maroc');
  await tap(page, 'Agadir Ida-Outanane');
  await tap(page, 'Non merci');
  await page.locator('.msg.bot').last().locator('button:enabled').first().waitFor();
}
/** What each bubble says to assistive technology, from Chromium's accessibility tree. */
async function spoken(page: Page): Promise<string> {
  return page.getByRole('log').ariaSnapshot();
}

describe('the web chat for a screen reader, a keyboard and large text', () => {
  it('says who wrote each bubble, in the page language; the log is a log; focus follows each tap to the answer', async () => {
    const page = await phone('fr-FR');
    await page.goto(server.url + '/');
    const log = page.getByRole('log', { name: 'Conversation' });
    await log.waitFor();
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.getByRole('button', { name: 'Français' }).waitFor();
    // The answer to the tap has the focus: a screen reader reads it, Tab goes on to its buttons.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Bienvenue sur tawjih');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('العربية');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Français');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Avant de commencer');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('bot'))).toBe(true);
    // The accessibility tree: who wrote it, then what was written.
    const tree = await spoken(page);
    expect(tree).toMatch(/Vous\s+Commencer/);
    expect(tree).toMatch(/tawjih\s+Bienvenue sur tawjih/);
    expect(tree).toMatch(/Vous\s+Français/);
    // The labels are not shown (an advisor's is), and they speak the page's language.
    for (const label of await page.locator('.msg [data-who]').all()) {
      expect(await label.getAttribute('lang')).toBe('fr');
      expect(await label.evaluate((e) => e.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    }
    // The person's bubbles carry their language: a tap, the language of its button; a typed
    // message, the language its words are in; too short to tell, the page's.
    await tap(page, "J'accepte");
    await tap(page, 'Migrant au Maroc');
    await tap(page, 'Agadir Ida-Outanane');
    await tap(page, 'Non merci');
    await ask(page, 'Bonjour, comment renouveler ma carte de séjour ?');
    await ask(page, 'كيف أجدد بطاقة الإقامة؟');
    await ask(page, 'wach kayn chi haja dyal l permis');
    await ask(page, 'Tanmirt');
    const mine = page.locator('.msg.me');
    const langs = await mine.evaluateAll((els) => els.map((e) => [e.querySelector('.text')!.textContent, e.getAttribute('lang')]));
    expect(langs).toEqual([
      ['Commencer', 'fr'],
      ['Français', 'fr'],
      ["J'accepte", 'fr'],
      ['Migrant au Maroc', 'fr'],
      ['Agadir Ida-Outanane', 'fr'],
      ['Non merci', 'fr'],
      ['Bonjour, comment renouveler ma carte de séjour ?', 'fr'],
      [expect.stringContaining('كيف أجدد بطاقة الإقامة'), 'ar'],
      ['wach kayn chi haja dyal l permis', 'ary-Latn'],
      ['Tanmirt', expect.any(String)],
    ]);
    // "Tanmirt" tells nothing: the page's language at that moment.
    expect(langs[9]![1]).toBe(await page.getAttribute('html', 'lang'));
    // Typing keeps the focus in the text box (the phone's keyboard stays open).
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('text');
    // After a reload the same languages come back from the server's history.
    await page.reload();
    await mine.nth(9).waitFor();
    expect(await mine.evaluateAll((els) => els.map((e) => e.getAttribute('lang')))).toEqual(langs.map((l) => l[1]));
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-a11y-languages.png') });
    await page.context().close();
  });

  it('has its chrome in all six languages, with lang and dir right, switching through them in the conversation', async () => {
    const page = await phone('fr-FR');
    await page.goto(server.url + '/');
    await page.click('#start');
    const expectChrome = async (l: string, tag: string, dir: string) => {
      const s = web(l);
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe(tag);
      expect(await page.getAttribute('html', 'dir')).toBe(dir);
      expect(await page.title()).toBe(s.title);
      expect(await page.innerText('h1')).toBe(s.heading);
      expect(await page.innerText('#subtitle')).toBe(s.subtitle);
      expect(await page.getByLabel(s.label!, { exact: true }).getAttribute('placeholder')).toBe(s.placeholder);
      expect(await page.innerText('#send')).toBe(s.send);
      expect(await page.getByRole('log').getAttribute('aria-label')).toBe(s.conversation);
      // Who wrote each bubble is said in the new language too.
      expect(new Set(await page.locator('.msg.me [data-who]').allTextContents())).toEqual(new Set([s.you]));
      expect(new Set(await page.locator('.msg.me [data-who]').evaluateAll((els) => els.map((e) => e.getAttribute('lang'))))).toEqual(new Set([tag]));
      // Tachelhit is written in Latin script: no Arabic letter in its chrome.
      if (l === 'shi') expect(Object.values(s).join(' ') + (await page.innerText('form'))).not.toMatch(/\p{Script=Arabic}/u);
      await page.screenshot({ path: join(ARTIFACTS_DIR, `webchat-chrome-${l}.png`) });
    };
    const steps: [string, string, string, string][] = [
      ['ar', 'العربية', 'ar', 'rtl'],
      ['ary', 'الدارجة', 'ary', 'rtl'],
      ['shi', 'Taclḥit', 'shi-Latn', 'ltr'],
      ['fr', 'Français', 'fr', 'ltr'],
      ['en', 'English', 'en', 'ltr'],
      ['es', 'Español', 'es', 'ltr'],
    ];
    let current = 'fr';
    for (const [l, button, tag, dir] of steps) {
      if (current !== 'fr' || l !== 'ar') await ask(page, languageWords(current));
      await tap(page, button);
      await expectChrome(l, tag, dir);
      current = l;
    }
    await page.context().close();
    // The server renders each language's chrome itself too (before any script runs).
    for (const [l, , tag, dir] of steps) {
      const p = await phone('en-US');
      await p.context().setExtraHTTPHeaders({});
      await p.route('**/*.js', (r) => r.abort());
      await p.goto(`${server.url}/?lang=${l}`);
      expect([await p.getAttribute('html', 'lang'), await p.getAttribute('html', 'dir'), await p.title(), await p.innerText('label')]).toEqual([tag, dir, web(l).title, web(l).label]);
      await p.context().close();
    }
  });

  it('at 200 % text on a 360 px phone: text in rem grows, words stay whole, nothing is cut, every colour passes AA', async () => {
    const normal = await phone('fr-FR');
    await normal.goto(server.url + '/');
    const large = await phone('fr-FR', 2);
    await large.goto(server.url + '/');
    await onboardFrench(large);
    await ask(large, "Comment obtenir ma première carte d'immatriculation ?");
    const answer = large.locator('.msg.bot').last();
    expect(await answer.innerText()).toContain("d'immatriculation");
    // The text follows the phone's setting: twice the size in every part of the page.
    const sizes = (p: Page) => p.evaluate(() => ['body', 'h1', '#subtitle', 'label', '#text', '#send'].map((s) => parseFloat(getComputedStyle(document.querySelector(s)!).fontSize)));
    const [n, l] = [await sizes(normal), await sizes(large)];
    for (let i = 0; i < n.length; i++) expect(l[i]).toBeCloseTo(n[i]! * 2, 0);
    expect(parseFloat(await answer.evaluate((e) => getComputedStyle(e).fontSize))).toBe(32);
    // A visible label names the text box.
    const label = large.locator('label[for=text]');
    expect(await label.innerText()).toBe('Votre message');
    expect((await label.boundingBox())!.height).toBeGreaterThan(20);
    // Words wrap between words: "d'immatriculation" stays whole.
    expect(await wordsSplitAcrossLines(large, '.msg')).toEqual([]);
    expect(await cutElements(large)).toEqual([]);
    // The placeholder is shown whole: the empty box is as tall as the same words typed in it need.
    const box = large.getByRole('textbox');
    const empty = await box.evaluate((t: HTMLTextAreaElement) => t.clientHeight);
    const placeholder = (await box.getAttribute('placeholder'))!;
    await box.fill(placeholder);
    const filled = await box.evaluate((t: HTMLTextAreaElement) => ({ client: t.clientHeight, scroll: t.scrollHeight, lines: Math.round(t.scrollHeight / parseFloat(getComputedStyle(t).lineHeight)) }));
    expect(filled.lines).toBeGreaterThanOrEqual(2);
    expect(filled.scroll).toBeLessThanOrEqual(filled.client + 1);
    expect(empty).toBeGreaterThanOrEqual(filled.client - 1);
    await box.fill('');
    await large.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-200-percent.png') });
    await answer.scrollIntoViewIfNeeded();
    await large.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-200-percent-answer.png') });
    expect(await contrastFailures(large)).toEqual([]);
    expect(await contrastFailures(normal)).toEqual([]);
    await normal.context().close();
    await large.context().close();
  });

  it('passes axe-core (WCAG 2.1 A and AA) in French and in Arabic after an answer', async () => {
    const fr = await phone('fr-FR');
    await fr.goto(server.url + '/');
    expect(await axeViolations(fr)).toEqual([]);
    await onboardFrench(fr);
    await ask(fr, 'Comment renouveler ma carte de séjour ?');
    expect(await axeViolations(fr)).toEqual([]);
    const ar = await phone('ar-MA');
    await ar.goto(server.url + '/');
    await ar.click('#start');
    await tap(ar, 'العربية');
    await tap(ar, 'أوافق');
    await tap(ar, 'مهاجر في المغرب');
    await tap(ar, 'أكادير إداوتنان');
    await tap(ar, 'لا شكرا');
    await ask(ar, 'كيف أجدد بطاقة الإقامة؟');
    expect(await ar.getAttribute('html', 'dir')).toBe('rtl');
    expect(await axeViolations(ar)).toEqual([]);
    expect(await contrastFailures(ar)).toEqual([]);
    await ar.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-axe-arabic.png') });
    await fr.context().close();
    await ar.context().close();
  });
});
