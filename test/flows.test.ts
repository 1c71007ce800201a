import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedContent, startTestApp, type TestApp } from './support/testApp.js';
import { parseChoiceId } from '../src/core/choiceIds.js';
import { WebchatPerson } from './support/webchatPerson.js';

let server: TestApp;
beforeAll(async () => {
  // These tests tap through every menu faster than a person could: no "slow down" here.
  server = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000' });
});
afterAll(async () => server.close());

const bot = (lng: string) => JSON.parse(readFileSync(`locales/${lng}/bot.json`, 'utf8')) as Record<string, Record<string, string>>;

async function onboarded(id: string, lang: 'fr' | 'ar', audience: 'migrant' | 'mre'): Promise<WebchatPerson> {
  const t = bot(lang);
  const person = new WebchatPerson(server, id);
  await person.says('bonjour');
  await person.taps(t.languages![lang]!);
  await person.taps(t.onboarding!.accept!);
  await person.taps(t.audience![audience]!);
  await person.taps(t.provinces!.inezgane!);
  await person.taps(t.news!.no_thanks!);
  return person;
}

describe('the main menu and topic menus, in French', () => {
  it('rights for a migrant: residence permit, then the first application article, then back', async () => {
    const person = await onboarded('fr-flow-rights', 'fr', 'migrant');
    await person.taps('Droits et papiers');
    person.sees('Quel sujet ?');
    expect(person.buttonLabels()).toContain('Titre de séjour');
    expect(person.buttonLabels()).toContain('Marocains du monde');
    await person.taps('Titre de séjour');
    expect(person.buttonLabels()).toEqual(['1re carte de séjour', 'Renouveler la carte', 'Régularisation', 'Retour']);
    await person.taps('1re carte de séjour');
    person.sees(/carte d.immatriculation/i);
    person.sees('Dernière vérification : 6 décembre 2026');
    expect(person.buttonLabels()).toEqual(['Lire la suite', "Ça m'a aidé", 'Pas ma question', 'Un conseiller humain', 'Retour']);
    await person.taps('Lire la suite');
    person.sees("Sources");
    person.sees('**Prochaine étape :**');
    await person.taps('Retour');
    expect(person.buttonLabels()).toEqual(['1re carte de séjour', 'Renouveler la carte', 'Régularisation', 'Retour']);
    await person.taps('Retour');
    person.sees('Quel sujet ?');
    await person.taps('Retour');
    person.sees('Comment puis-je vous aider ?');
  });

  it('rights for an MRE open the MRE topics first', async () => {
    const person = await onboarded('fr-flow-mre', 'fr', 'mre');
    await person.taps('Droits et papiers');
    expect(person.buttonLabels()).toContain('Consulat, passeport');
    await person.taps('Ma voiture au Maroc');
    person.sees(/admission temporaire/i);
  });

  it('services, investment and the Center', async () => {
    const person = await onboarded('fr-flow-services', 'fr', 'migrant');
    await person.taps('Services et aide');
    await person.taps("Numéros d'urgence");
    person.sees('19');
    person.sees('15');
    await person.says('menu');
    await person.taps('Investir');
    await person.taps('MDM Invest');
    person.sees('MDM Invest');
    await person.says('menu');
    await person.taps('Le Centre');
    await person.taps('À propos du Centre');
    // The Center's details are not public yet: never invented, always "to be confirmed".
    person.sees('à confirmer');
    expect(person.text()).not.toMatch(/\{\{/);
  });

  it('talk to an advisor opens a ticket and says what happens next', async () => {
    const person = await onboarded('fr-flow-advisor', 'fr', 'migrant');
    await person.taps('Un conseiller humain');
    person.sees("J'ai transmis votre demande à un conseiller du Centre");
    const tickets = await server.db.execute({
      sql: "SELECT t.status, t.topic FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = 'fr-flow-advisor'",
      args: [],
    });
    expect(tickets.rows).toEqual([expect.objectContaining({ status: 'waiting', topic: 'general' })]);
    // While waiting, what the bot cannot answer goes to the advisor…
    await person.says('Je vous explique ma situation');
    person.sees('Votre message a été transmis au conseiller');
    expect(person.buttonLabels()).toEqual(['Annuler ma demande', 'Menu principal']);
    // …and what it can answer, it answers meanwhile.
    await person.says('renouveler mon récépissé');
    expect(person.choices()[0]!.id).toBe('kb.more.residence-permit-renewal');
    await person.says('menu');
    person.sees('Comment puis-je vous aider ?');
  });
});

describe('the main menu and topic menus, in Arabic', () => {
  it('every main-menu entry answers in Arabic, right to left', async () => {
    const person = await onboarded('ar-flow-all', 'ar', 'migrant');
    await person.taps('الحقوق والوثائق');
    expect(person.last.at(-1)!.dir).toBe('rtl');
    await person.taps(bot('ar').topics!.health!);
    await person.taps(bot('ar').articles!['health-primary-care']!);
    expect(person.last.at(-1)!.dir).toBe('rtl');
    expect(person.text()).toMatch(/[\u0600-\u06FF]/);
    await person.says('القائمة');
    await person.taps('الخدمات والمساعدة');
    await person.taps(bot('ar').articles!['emergency-numbers']!);
    person.sees('19');
    await person.says('القائمة');
    await person.taps('الاستثمار');
    await person.taps(bot('ar').articles!['cri-souss-massa']!);
    expect(person.last.at(-1)!.locale).toBe('ar');
    await person.says('القائمة');
    await person.taps('عن المركز');
    await person.taps(bot('ar').articles!['about-the-center']!);
    person.sees(bot('ar').common!.to_confirm!);
    await person.says('القائمة');
    await person.taps('التحدث مع مستشار');
    person.sees(bot('ar').handoff!.opened!);
  });

  it('every menu option in every flow leads somewhere, in French and Arabic', async () => {
    // Every menu of these flows, as the content has it: the walk below must reach each one.
    const flows = ['rights', 'services', 'investment', 'about'];
    const menus = (await shippedContent()).flows
      .filter((f) => flows.includes(f.id))
      .flatMap((f) => Object.entries(f.nodes).filter(([, n]) => n.type === 'menu').map(([name]) => `${f.id}.${name}`));
    expect(menus.length).toBeGreaterThan(10);
    for (const lang of ['fr', 'ar'] as const) {
      const person = await onboarded(`walk-all-${lang}`, lang, 'migrant');
      const visited = new Set<string>();
      let tapped = 0;
      // Taps every option of a menu; goes into the menus it opens that were not seen yet.
      const walk = async (choices: { id: string }[]): Promise<void> => {
        const options = choices.flatMap((c) => {
          const p = parseChoiceId(c.id);
          return p?.kind === 'option' && flows.includes(p.flow) ? [{ c, menu: `${p.flow}.${p.node}` }] : [];
        });
        const menu = options[0]?.menu ?? null;
        if (!menu || visited.has(menu)) return;
        visited.add(menu);
        for (const { c } of options) {
          const { status, json } = await person.post({ choice: c.id });
          tapped++;
          expect(status, c.id).toBe(200);
          expect(json.replies!.length, c.id).toBeGreaterThan(0);
          expect(json.replies!.map((r) => r.text).join(''), c.id).not.toMatch(/^\s*$|\b(onboarding|main|rights|topics|articles|article|common|commands|search|handoff|media|errors)\.[a-z_-]+\b/);
          if (lang === 'ar') expect(json.replies!.at(-1)!.dir, c.id).toBe('rtl');
          await walk(json.replies!.flatMap((r) => r.choices));
        }
      };
      for (const flow of flows) {
        await person.says('menu');
        const entry = person.choices().find((c) => c.id === `main.menu.${flow === 'investment' ? 'invest' : flow}`)!;
        const { json } = await person.post({ choice: entry.id });
        await walk(json.replies!.flatMap((r) => r.choices));
      }
      expect(menus.filter((m) => !visited.has(m)), `${lang}: menus the walk never reached`).toEqual([]);
      expect(tapped).toBeGreaterThan(40);
    }
  });
});

describe('changing language mid-conversation', () => {
  it('switches from French to English and Arabic, and keeps the profile', async () => {
    const person = await onboarded('switch-lang', 'fr', 'migrant');
    await person.says('langue');
    person.sees('Choisissez votre langue');
    await person.taps('English');
    person.sees('Done: I will answer in English.');
    person.sees('How can I help you?');
    expect(person.buttonLabels()[0]).toBe('Rights and papers');
    await person.taps('Change language');
    await person.taps('العربية');
    person.sees('تم: سأجيبك بالعربية.');
    expect(person.last.at(-1)!.dir).toBe('rtl');
    const r = await server.db.execute("SELECT c.locale, c.audience FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = 'switch-lang'");
    expect(r.rows[0]).toMatchObject({ locale: 'ar', audience: 'migrant' });
  });
});
