import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server.close());

let n = 0;
async function personAtMainMenu(lang: 'fr' | 'en' | 'ar' | 'es', label: string): Promise<WebchatPerson> {
  const person = new WebchatPerson(server, `cmd-${lang}-${++n}-conversation`);
  await person.says('hello');
  await person.taps(label);
  await person.taps(/^(J'accepte|I agree|أوافق|Acepto)$/);
  await person.taps(/^(Migrant au Maroc|Migrant in Morocco|مهاجر في المغرب|Migrante \(Marruecos\))$/);
  await person.taps(/^(Tiznit|تيزنيت)$/);
  await person.taps(/^(Non merci|No thanks|لا شكرا|No, gracias)$/);
  return person;
}

describe('global commands work in every language, from anywhere', () => {
  it.each([
    ['fr', 'Français', 'menu', 'Comment puis-je vous aider ?'],
    ['ar', 'العربية', 'القائمة', 'كيف يمكنني مساعدتك؟'],
    ['en', 'English', 'main menu', 'How can I help you?'],
    ['es', 'Español', 'menú', '¿En qué puedo ayudarte?'],
  ] as const)('%s: "%s"', async (lang, label, word, expected) => {
    const person = await personAtMainMenu(lang, label);
    await person.taps(/Droits|Rights|الحقوق|Derechos/);
    await person.says(word);
    person.sees(expected);
  });

  it.each([
    ['fr', 'Français', 'conseiller', "J'ai transmis votre demande"],
    ['en', 'English', 'advisor', 'I have passed your request to an advisor'],
    ['ar', 'العربية', 'مستشار', 'مستشار'],
    ['es', 'Español', 'asesor', 'asesor'],
    ['en', 'English', 'I want to talk to an advisor please', 'I have passed your request'],
  ] as const)('%s: "%s" opens a ticket', async (lang, label, word, expected) => {
    const person = await personAtMainMenu(lang, label);
    await person.says(word);
    person.sees(expected);
    const r = await server.db.execute({ sql: "SELECT state FROM conversations WHERE channel_user_id = ?", args: [person.conversationId] });
    expect(r.rows[0]?.state).toBe('waiting');
  });

  it('"mosta3char" in Arabizi opens a ticket too', async () => {
    const person = await personAtMainMenu('fr', 'Français');
    await person.says('mosta3char');
    person.sees("J'ai transmis votre demande");
  });

  it('help and privacy, in French and Arabic', async () => {
    const fr = await personAtMainMenu('fr', 'Français');
    await fr.says('aide');
    fr.sees('Je réponds aux questions');
    await fr.says('confidentialité');
    fr.sees('pseudonyme');
    const ar = await personAtMainMenu('ar', 'العربية');
    await ar.says('الخصوصية');
    expect(ar.last[0]!.dir).toBe('rtl');
    ar.sees('09-08');
  });

  it('a question that contains a command word is still a question', async () => {
    const person = await personAtMainMenu('fr', 'Français');
    await person.says('aide juridique gratuite');
    expect(person.text()).not.toContain('Je réponds aux questions');
  });

  it('stop unsubscribes from news but questions still work', async () => {
    const person = await personAtMainMenu('fr', 'Français');
    await person.says('stop');
    person.sees("vous ne recevrez plus d'actualités");
    const r = await server.db.execute({ sql: 'SELECT c.subscribed FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = ?', args: [person.conversationId] });
    expect(r.rows[0]?.subscribed).toBe(0);
    await person.says('menu');
    person.sees('Comment puis-je vous aider ?');
  });

  it('"delete my data" asks first, then erases messages and profile', async () => {
    const person = await personAtMainMenu('en', 'English');
    await person.says('delete my data');
    person.sees('Do you want me to erase your messages and your profile?');
    await person.taps('No, keep');
    person.sees('Nothing was erased.');
    await person.says('supprimer mes données');
    await person.taps('Yes, erase');
    person.sees('Your messages and your profile are erased.');
    for (const table of ['conversations', 'contacts', 'messages']) {
      const r = await server.db.execute({
        sql:
          table === 'conversations'
            ? 'SELECT count(*) AS n FROM conversations WHERE channel_user_id = ?'
            : table === 'contacts'
              ? "SELECT count(*) AS n FROM contacts WHERE id NOT IN (SELECT contact_id FROM conversations) AND ? <> ''"
              : "SELECT count(*) AS n FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations) AND ? <> ''",
        args: [person.conversationId],
      });
      expect(Number(r.rows[0]?.n), table).toBe(0);
    }
    // Writing again starts from zero.
    await person.says('hello');
    person.sees('Welcome to tawjih');
  });
});
