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
  it('Arabizi with French words: "kifach njaded la carte de sejour": the right article, or offered first to choose', async () => {
    const person = await atMainMenu('Français');
    await person.says('kifach njaded la carte de sejour');
    const offered = person.last.at(-1)!.suggestedArticleIds;
    if (offered) {
      // The search hesitates: it asks, with short titles, and "none of these".
      expect(offered[0]).toBe('residence-permit-renewal');
      person.sees('Votre question porte sur lequel de ces sujets ?');
      expect(person.buttonLabels()[0]).toBe('Renouveler la carte');
      expect(person.buttonLabels().at(-1)).toBe('Aucun de ceux-là');
      await person.taps('Renouveler la carte');
    }
    expect(person.last.at(-1)!.articleId).toBe('residence-permit-renewal');
    person.sees('récépissé');
    expect(person.buttonLabels()).toEqual(['Lire la suite', "Ça m'a aidé", 'Pas ma question', 'Un conseiller humain', 'Retour']);
    // The review date in words, the source by its publisher's name and linked (not a 200-character URL).
    person.sees(/Dernière vérification : \d{1,2} \p{L}+ \d{4} · Sources\s?: \[[^\]]+\]\(https:\/\/[^)]+\)/u);
  });

  it('Arabic script, Darija: "واش السبيطار كيداوي بلا فلوس" gets the health answer in Arabic, right to left', async () => {
    const person = await atMainMenu('العربية');
    await person.says('واش السبيطار كيداوي بلا فلوس');
    const first = person.last.at(-1)!;
    expect(first.dir).toBe('rtl');
    if (first.suggestedArticleIds) {
      expect(first.suggestedArticleIds[0]).toBe('health-primary-care');
      expect(first.text).toContain('أي موضوع');
      await person.taps(person.buttonLabels()[0]!);
    }
    const answer = person.last.at(-1)!;
    expect(answer.dir).toBe('rtl');
    expect(answer.articleId).toBe('health-primary-care');
    expect(answer.text).toMatch(/صح|الصحي|مستشفى|المستشفى/);
  });

  it('French with typos: "carte de sejoure renouvelement" puts the renewal first', async () => {
    const person = await atMainMenu('Français');
    await person.says('carte de sejoure renouvelement');
    const r = person.last.at(-1)!;
    expect(r.articleId ?? r.suggestedArticleIds?.[0]).toBe('residence-permit-renewal');
  });

  it('"none of these": the question is kept for the curator, without a contact id, and an advisor is asked for', async () => {
    const person = await atMainMenu('Français');
    const before = (await gaps()).length;
    // One word several articles share: which one is meant is asked.
    await person.says('passeport');
    expect(person.last.at(-1)!.suggestedArticleIds).toEqual(['consular-services-own-country', 'lost-stolen-documents', 'consular-registration-mre']);
    expect(person.buttonLabels()).toEqual(['Mon ambassade', 'Papiers perdus/volés', 'Consulat, passeport', 'Aucun de ceux-là']);
    await person.taps('Aucun de ceux-là');
    person.sees("J'ai transmis votre demande");
    const after = await gaps();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ query: 'passeport', reason: 'none_of_these' });
    const t = await server.db.execute("SELECT t.sensitive FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ?", [person.conversationId]);
    expect(t.rows.map((r) => Number(r.sensitive))).toEqual([0]);
  });

  it('not understood: says so plainly, offers the menu and an advisor, and records a gap without a contact id', async () => {
    const person = await atMainMenu('Français');
    const before = (await gaps()).length;
    await person.says('le grand chameau bleu danse sous la lune');
    person.sees('je préfère ne pas deviner');
    expect(person.last.at(-1)).not.toHaveProperty('articleId');
    expect(person.last.at(-1)).not.toHaveProperty('suggestedArticleIds');
    expect(person.buttonLabels()).toEqual(['Menu principal', 'Un conseiller humain']);
    const after = await gaps();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ query: 'le grand chameau bleu danse sous la lune', lang: 'fr', reason: 'abstain' });
    expect(after.at(-1)!.columns.join(' ')).not.toMatch(/contact|conversation|user/);
    await person.taps('Un conseiller humain');
    person.sees("J'ai transmis votre demande");
  });

  it('out of scope: says what tawjih is for, shows no article, keeps no gap', async () => {
    const person = await atMainMenu('Français');
    const before = (await gaps()).length;
    await person.says('Quel temps fera-t-il demain à Agadir ?');
    person.sees('Je ne peux pas vous aider pour cela');
    expect(person.last.every((r) => !r.articleId && !r.suggestedArticleIds)).toBe(true);
    expect(person.buttonLabels()).toEqual(['Menu principal', 'Un conseiller humain']);
    expect((await gaps()).length).toBe(before);
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

  it('danger gets the safety reply: the article on violence (the ambulance before the police, and the risk of the police without papers), then the emergency numbers and a specialist advisor (a sensitive ticket)', async () => {
    const person = await atMainMenu('Français');
    await person.says('mon mari me frappe');
    const [article, safety] = person.last;
    expect(article!.articleId).toBe('violence-against-women');
    const first = article!.text.split('\n')[0]!;
    expect(first).toMatch(/Ambulance et secours : 15\. Police : 19/);
    expect(first).toMatch(/Sans papiers, un contact avec la police peut mener à un contrôle d'identité ou une arrestation/);
    // The article itself then offers the hospital before the police.
    expect(article!.text).toMatch(/hôpital public[\s\S]*Police 19/);
    expect(article!.choices[0]!.id).toBe('kb.more.violence-against-women');
    expect(safety!.articleId).toBe('emergency-numbers');
    expect(safety!.text).toContain('Votre sécurité passe avant tout');
    expect(safety!.text).toContain('Un conseiller spécialisé du Centre');
    expect(safety!.choices.map((c) => c.label)).toEqual(["Parler à quelqu'un", 'Lire la suite', 'Menu principal']);
    await person.taps("Parler à quelqu'un");
    person.sees("J'ai transmis votre demande");
    const t = await server.db.execute("SELECT t.sensitive, t.topic FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ?", [person.conversationId]);
    expect(t.rows.map((r) => [Number(r.sensitive), r.topic])).toEqual([[1, 'violence-against-women']]);
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
