import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server.close());

let n = 0;
async function atMainMenu(lang: 'Français' | 'العربية' | 'English'): Promise<WebchatPerson> {
  const person = new WebchatPerson(server, `kb-person-${++n}-x`);
  await person.says('salam');
  await person.taps(lang);
  await person.taps(/^(J'accepte|أوافق|I agree)$/);
  await person.taps(/^(Marocain du monde|مغربي مقيم بالخارج|Moroccan abroad)$/);
  await person.taps(/^(À l'étranger|خارج المغرب|Abroad)$/);
  await person.taps(/^(Non merci|لا شكرا|No thanks)$/);
  return person;
}

async function gaps(): Promise<{ query: unknown; lang: unknown; reason: unknown; columns: string[] }[]> {
  const r = await server.db.execute('SELECT * FROM knowledge_gaps ORDER BY id');
  return r.rows.map((row) => ({ query: row.query, lang: row.lang, reason: row.reason, columns: r.columns }));
}

describe('questions typed the way people write', () => {
  it('Arabizi with French words: "kifach njaded la carte de sejour"', async () => {
    const person = await atMainMenu('Français');
    await person.says('kifach njaded la carte de sejour');
    person.sees('Renouveler');
    person.sees('récépissé');
    expect(person.buttonLabels()).toEqual(['Lire la suite', "Ça m'a aidé", 'Pas ma question', 'Un conseiller humain', 'Retour']);
    // The review date in words, the source by its publisher's name and linked (not a 200-character URL).
    person.sees(/Dernière vérification : \d{1,2} \p{L}+ \d{4} · Sources\s?: \[[^\]]+\]\(https:\/\/[^)]+\)/u);
  });

  it('Arabic script, Darija: "واش السبيطار كيداوي بلا فلوس" gets the health answer in Arabic, right to left', async () => {
    const person = await atMainMenu('العربية');
    await person.says('واش السبيطار كيداوي بلا فلوس');
    const answer = person.last.at(-1)!;
    expect(answer.dir).toBe('rtl');
    expect(answer.text).toMatch(/صح|الصحي|مستشفى|المستشفى/);
    expect(answer.choices.map((c) => c.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^kb\.more\.health-/)]));
  });

  it('French with typos: "carte de sejoure renouvelement"', async () => {
    const person = await atMainMenu('Français');
    await person.says('carte de sejoure renouvelement');
    expect(person.choices()[0]!.id).toBe('kb.more.residence-permit-renewal');
  });

  it('out of scope: abstains plainly, offers the menu and an advisor, and records a gap without a contact id', async () => {
    const person = await atMainMenu('Français');
    const before = (await gaps()).length;
    await person.says('Quel temps fera-t-il demain à Agadir ?');
    person.sees('je préfère ne pas deviner');
    expect(person.buttonLabels()).toEqual(['Menu principal', 'Un conseiller humain']);
    const after = await gaps();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ query: 'Quel temps fera-t-il demain à Agadir ?', lang: 'fr', reason: 'abstain' });
    expect(after.at(-1)!.columns.join(' ')).not.toMatch(/contact|conversation|user/);
    await person.taps('Un conseiller humain');
    person.sees("J'ai transmis votre demande");
  });

  it('"not what I asked" records the question as a gap; "this helped" is counted', async () => {
    const person = await atMainMenu('English');
    await person.says('open a bank account without residence card');
    expect(person.choices()[0]!.id).toBe('kb.more.bank-account-opening');
    await person.taps('This helped');
    person.sees('Thank you!');
    await person.says('tax on my pension');
    await person.taps('Not what I asked');
    person.sees('I have noted it');
    expect((await gaps()).at(-1)).toMatchObject({ query: 'tax on my pension', reason: 'not_helpful' });
    const fb = await server.db.execute('SELECT article_id, helpful FROM kb_feedback ORDER BY id');
    expect(fb.rows.map((r) => [r.article_id, r.helpful])).toEqual(expect.arrayContaining([['bank-account-opening', 1]]));
  });

  it('a sensitive question gets the emergency numbers first: the ambulance before the police, and the risk of the police without papers', async () => {
    const person = await atMainMenu('Français');
    await person.says('mon mari me frappe');
    const first = person.last.at(-1)!.text.split('\n')[0]!;
    expect(first).toMatch(/Ambulance et secours : 15\. Police : 19/);
    expect(first).toMatch(/Sans papiers, un contact avec la police peut mener à un contrôle d'identité ou une arrestation/);
    // The article itself then offers the hospital before the police.
    expect(person.last.at(-1)!.text).toMatch(/hôpital public[\s\S]*Police 19/);
    expect(person.choices()[0]!.id).toBe('kb.more.violence-against-women');
  });

  it('reads a whole article in Arabic, right to left, with its sources', async () => {
    const person = await atMainMenu('العربية');
    await person.says('كيف أجدد بطاقة الإقامة؟');
    await person.taps('اقرأ المزيد');
    const body = person.last.at(-1)!;
    expect(body.dir).toBe('rtl');
    expect(body.locale).toBe('ar');
    expect(body.text).toContain('الخطوة التالية');
    expect(body.text).toMatch(/https?:\/\//);
  });

  it('"Back" after an answer returns to where the person was', async () => {
    const person = await atMainMenu('Français');
    await person.taps('Investir');
    await person.says('comment créer une SARL');
    expect(person.choices()[0]!.id).toBe('kb.more.company-creation');
    await person.taps('Retour');
    person.sees('Investir dans le Souss-Massa');
  });
});
