import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedContent, startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';
import { createI18n } from '../src/i18n/createI18n.js';
import { SUPPORTED_LOCALES } from '../src/config/configSchema.js';
import { cutTitle, SHORT_TITLE_MAX } from '../src/core/decide/offerArticles.js';
import { choiceId } from '../src/core/choiceIds.js';
import { renderWhatsAppCloudReply, BUTTON_TITLE_MAX, LIST_ROW_TITLE_MAX } from '../src/channels/whatsappCloud/renderWhatsAppCloudReply.js';
import { renderTelegramReply } from '../src/channels/telegram/renderTelegramReply.js';
import type { Reply } from '../src/core/message.js';

/** Most people open a chat with their question: the first message of a new conversation, as they write it. */
let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server.close());

let n = 0;
const newPerson = (locale?: string) => new WebchatPerson(server, `first-message-${++n}`, locale);

async function contactOf(person: WebchatPerson) {
  const r = await server.db.execute({
    sql: 'SELECT c.* FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel = ? AND v.channel_user_id = ?',
    args: ['webchat', person.conversationId],
  });
  return r.rows[0]!;
}

describe('a question as the first message', () => {
  it('is answered at once, then a short onboarding: the language confirmed by a button, then consent, nothing more', async () => {
    const person = newPerson();
    await person.says('comment renouveler ma carte de séjour');
    const [answer, onboarding] = person.last;
    expect(answer!.articleId).toBe('residence-permit-renewal');
    expect(answer!.text).toContain('récépissé');
    expect(onboarding!.text).toContain('Bienvenue sur tawjih');
    expect(onboarding!.text).toContain('Je vous ai répondu en français. On continue en français ?');
    expect(onboarding!.choices.map((c) => c.label)).toEqual(['Oui, en français', 'Autre langue']);
    // Nothing about the person is kept yet: no consent, no profile.
    expect(await contactOf(person)).toMatchObject({ locale: 'fr', locale_chosen: 0, consent_at: null, audience: null });

    await person.taps('Oui, en français');
    person.sees('Avant de commencer');
    expect(person.buttonLabels()).toEqual(["J'accepte", 'Non, merci']);
    await person.taps("J'accepte");
    person.sees('Merci !');
    person.sees('Comment puis-je vous aider ?');
    const contact = await contactOf(person);
    expect(contact).toMatchObject({ locale: 'fr', locale_chosen: 1, audience: null, province: null });
    expect(contact.consent_at).not.toBeNull();
  });

  it('"Autre langue" offers the six languages; the notice then comes in the chosen one, and "no" keeps no profile', async () => {
    const person = newPerson();
    await person.says('comment renouveler ma carte de séjour');
    await person.taps('Autre langue');
    expect(person.buttonLabels()).toEqual(['العربية', 'الدارجة', 'Taclḥit', 'Français', 'English', 'Español']);
    await person.taps('العربية');
    expect(person.last.at(-1)).toMatchObject({ dir: 'rtl', locale: 'ar' });
    person.sees('قبل أن نبدأ');
    await person.taps(/^لا، شكرا|لا شكرا$/);
    expect(await contactOf(person)).toMatchObject({ locale: 'ar', locale_chosen: 1, consent_at: null });
  });

  it('is answered in the language it is written in, whatever the page says', async () => {
    const person = newPerson('fr');
    await person.says('how do I renew my residence card?');
    expect(person.last.every((r) => r.locale === 'en')).toBe(true);
    expect(person.last.find((r) => r.articleId ?? r.suggestedArticleIds)).toBeDefined();
    expect(person.last.at(-1)!.text).toContain('I answered you in English. Shall we go on in English?');
  });

  it('Darija in Latin letters gets Darija, right to left; a typed "1" confirms it', async () => {
    const person = newPerson();
    await person.says('salam, kifach nsejjel wlidi f lmadrasa?');
    const shown = person.last.find((r) => r.articleId ?? r.suggestedArticleIds)!;
    expect(shown.articleId ?? shown.suggestedArticleIds![0]).toBe('school-enrolment-migrant-children');
    expect(person.last.at(-1)).toMatchObject({ locale: 'ary', dir: 'rtl' });
    person.sees('جاوبتك بالدارجة');
    await person.says('1');
    person.sees('قبل');
    expect(await contactOf(person)).toMatchObject({ locale: 'ary', locale_chosen: 1 });
  });

  it('Italian reaches the right article, answered in French, and is told once which languages tawjih speaks', async () => {
    const person = newPerson();
    await person.says("ciao, vivo a Torino, devo rinnovare il passaporto marocchino al consolato, come faccio?");
    const shown = person.last.find((r) => r.articleId ?? r.suggestedArticleIds)!;
    expect(shown.articleId ?? shown.suggestedArticleIds![0]).toBe('consular-registration-mre');
    expect(person.last.every((r) => r.locale === 'fr')).toBe(true);
    person.sees("Je lis un peu l'italien, mais je réponds en arabe, darija, tachelhit, français, anglais ou espagnol.");
    await person.says('e per registrare il matrimonio fatto in Italia?');
    expect(person.text()).not.toContain("Je lis un peu l'italien");
    expect(person.last.some((r) => r.articleId === 'mre-marriage-registration' || r.suggestedArticleIds?.includes('mre-marriage-registration'))).toBe(true);
  });

  it('German and Dutch are answered in English, with the same note', async () => {
    const de = newPerson();
    await de.says('Wie kann ich meinen deutschen Führerschein in Marokko umschreiben?');
    expect(de.last.find((r) => r.articleId ?? r.suggestedArticleIds)!.locale).toBe('en');
    de.sees('I can read a little German');
    const nl = newPerson();
    await nl.says('hoeveel belasting betaal ik als ik mijn appartement in Agadir verhuur?');
    nl.sees('I can read a little Dutch');
  });

  it('that the search hesitates on offers two or three articles, with "none of these"', async () => {
    const person = newPerson();
    await person.says('passeport');
    const offer = person.last[0]!;
    expect(offer.suggestedArticleIds!.length).toBeGreaterThanOrEqual(2);
    expect(offer).not.toHaveProperty('articleId');
    expect(offer.choices.at(-1)!.label).toBe('Aucun de ceux-là');
    await person.taps('Mon ambassade');
    expect(person.last.at(-1)!.articleId).toBe('consular-services-own-country');
  });

  it('one word that names a subject many articles share ("asylum") offers its articles, not "I am not sure"', async () => {
    for (const [word, none] of [['asylum', 'None of these'], ['asile', 'Aucun de ceux-là'], ['pedir asilo', 'Ninguno de estos'], ['لجوء', 'لا شيء من هذه']] as const) {
      const person = newPerson();
      await person.says(word);
      const offer = person.last[0]!;
      expect(offer.suggestedArticleIds, word).toContain('asylum-unhcr-registration');
      expect(offer.choices.at(-1)!.label, word).toBe(none);
    }
  });

  it('out of scope gets no article: says what tawjih is for, then the short onboarding', async () => {
    const person = newPerson();
    await person.says('i love you, will you marry me?');
    expect(person.last.some((r) => r.articleId || r.suggestedArticleIds)).toBe(false);
    person.sees("I can't help with that");
    person.sees('Shall we go on in English?');
    const credit = newPerson();
    await credit.says('abeg send me credit for my phone');
    expect(credit.last.some((r) => r.articleId || r.suggestedArticleIds)).toBe(false);
  });
});

describe('other first messages', () => {
  it('a greeting starts the onboarding as before: welcome and the languages', async () => {
    const person = newPerson();
    await person.says('salam');
    person.sees('Choisissez votre langue');
    expect(person.buttonLabels()).toEqual(['العربية', 'الدارجة', 'Taclḥit', 'Français', 'English', 'Español']);
    expect(person.last.some((r) => r.articleId || r.suggestedArticleIds)).toBe(false);
  });

  it('"conseiller" goes straight to an advisor', async () => {
    const person = newPerson();
    await person.says('conseiller');
    person.sees("J'ai transmis votre demande");
    const r = await server.db.execute({ sql: "SELECT t.status, t.sensitive FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ?", args: [person.conversationId] });
    expect(r.rows.map((x) => [x.status, Number(x.sensitive)])).toEqual([['waiting', 0]]);
  });

  it('danger goes straight to the safety reply, in the language it is written in', async () => {
    const person = newPerson();
    await person.says('je suis en danger');
    expect(person.last.at(-1)!.articleId).toBe('emergency-numbers');
    person.sees('Votre sécurité passe avant tout');
    expect(person.buttonLabels()[0]).toBe("Parler à quelqu'un");
    const ar = newPerson();
    await ar.says('أفكر في الانتحار');
    expect(ar.last.at(-1)).toMatchObject({ articleId: 'emergency-numbers', dir: 'rtl', locale: 'ar' });
  });
});

describe('clarify buttons fit every channel', () => {
  it('every article has a short title of at most 20 characters in every language, and its button id fits Telegram', async () => {
    const content = await shippedContent();
    const i18n = createI18n(content.locales);
    for (const a of content.articles) {
      expect(new TextEncoder().encode(choiceId.article('show', a.id)).length, a.id).toBeLessThanOrEqual(64);
      for (const locale of SUPPORTED_LOCALES) {
        const key = `articles.${a.id}`;
        const label = i18n.has(locale, key) ? i18n.t(locale, key) : cutTitle(a.texts.fr!.title, SHORT_TITLE_MAX);
        expect([...label].length, `${locale} ${a.id}: ${label}`).toBeLessThanOrEqual(SHORT_TITLE_MAX);
      }
    }
    expect(cutTitle('Renewing your residence permit, the récépissé and changing address', 20)).toBe('Renewing your…');
  });

  it('a clarify reply becomes WhatsApp reply buttons or a list within Meta limits, and Telegram buttons within 64 bytes', async () => {
    const content = await shippedContent();
    const i18n = createI18n(content.locales);
    // One word several articles share: the bot asks which one is meant.
    for (const [locale, text] of [['ar', 'الوراق'], ['fr', 'passeport'], ['ary', 'lwra9']] as const) {
      const person = new WebchatPerson(server, `first-message-fit-${locale}`, locale);
      await person.says('salam');
      await person.taps(locale === 'fr' ? 'Français' : locale === 'ar' ? 'العربية' : 'الدارجة');
      await person.taps(/^(J'accepte|أوافق|متافق)$/);
      await person.says(text);
      const r = person.last.at(-1)!;
      expect(r.suggestedArticleIds?.length, `${locale}: ${person.text()}`).toBeGreaterThanOrEqual(2);
      const reply: Reply = { kind: 'text', text: r.text, choices: r.choices, dir: r.dir, locale: r.locale as Reply['locale'] };
      const graph = renderWhatsAppCloudReply(reply, '212600000000', i18n).at(-1)!;
      expect(graph.type).toBe('interactive');
      if (graph.type === 'interactive' && graph.interactive.type === 'list')
        for (const row of graph.interactive.action.sections[0]!.rows) expect([...row.title].length).toBeLessThanOrEqual(LIST_ROW_TITLE_MAX);
      if (graph.type === 'interactive' && graph.interactive.type === 'button')
        for (const b of graph.interactive.action.buttons) expect([...b.reply.title].length).toBeLessThanOrEqual(BUTTON_TITLE_MAX);
      const keyboard = renderTelegramReply(reply).at(-1)!.reply_markup!.inline_keyboard.flat();
      expect(keyboard.map((b) => b.text)).toEqual(r.choices.map((c) => c.label));
      for (const b of keyboard) expect(new TextEncoder().encode(b.callback_data).length).toBeLessThanOrEqual(64);
    }
  });
});
