import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';

// Topics people asked about that no article covered before issue 18: unpaid wages, a lost
// passport, going home, pregnancy, a child alone. The question is typed after onboarding, as a
// migrant in Agadir would; the answer must be the article on that topic, in the person's language.

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server.close());

let n = 0;
async function migrantInAgadir(lang: 'Français' | 'العربية' | 'English'): Promise<WebchatPerson> {
  const person = new WebchatPerson(server, `kb-topics-${++n}-x`);
  await person.says('salam');
  await person.taps(lang);
  await person.taps(/^(J'accepte|أوافق|I agree)$/);
  await person.taps(/^(Migrant au Maroc|مهاجر في المغرب|Migrant in Morocco)$/);
  await person.taps(/^(Agadir Ida-Outanane|أكادير إداوتنان|Agadir Ida-Outanane)$/);
  await person.taps(/^(Non merci|لا شكرا|No thanks)$/);
  return person;
}

describe('topics added in issue 18, asked the way people write', () => {
  it('"mon patron ne me paie pas": the labour-rights article, with the routes that avoid the police before the police risk', async () => {
    const person = await migrantInAgadir('Français');
    await person.says('mon patron ne me paie pas depuis 2 mois');
    expect(person.choices()[0]!.id).toBe('kb.more.labour-rights-unpaid-wages');
    person.sees('inspection du travail');
    await person.taps('Lire la suite');
    const body = person.last.at(-1)!.text;
    expect(body).toContain("l'OIM");
    expect(body).toMatch(/contact avec la police peut mener à un contrôle d'identité, une arrestation/);
    expect(body.indexOf("l'OIM")).toBeLessThan(body.indexOf('contact avec la police'));
    person.sees('**Prochaine étape :**');
  });

  it('"ضاع مني جواز السفر": the lost-documents article in Arabic, right to left, with the loss declaration', async () => {
    const person = await migrantInAgadir('العربية');
    await person.says('ضاع مني جواز السفر، ماذا أفعل؟');
    // Answered, or offered first among the passport articles (issue 17): one tap then.
    const offered = person.last.at(-1)!.suggestedArticleIds;
    if (offered) {
      expect(offered[0]).toBe('lost-stolen-documents');
      await person.taps(person.buttonLabels()[0]!);
    }
    expect(person.choices()[0]!.id).toBe('kb.more.lost-stolen-documents');
    const answer = person.last.at(-1)!;
    expect(answer.dir).toBe('rtl');
    expect(answer.text).toContain('التصريح بالضياع');
    expect(answer.text).toContain('0537545400');
  });

  it('a child alone at the bus station: the child-protection article with the 2511 line', async () => {
    const person = await migrantInAgadir('English');
    await person.says('I saw a child alone at the bus station in Inezgane, who should I call');
    expect(person.choices()[0]!.id).toBe('kb.more.child-alone-protection');
    person.sees('2511');
  });

  it('going home and pregnancy, in French and Arabic', async () => {
    const person = await migrantInAgadir('Français');
    await person.says("je veux rentrer dans mon pays, comment faire avec l'OIM ?");
    expect(person.choices()[0]!.id).toBe('kb.more.voluntary-return-iom');
    person.sees('HCR');
    const woman = await migrantInAgadir('العربية');
    await woman.says('أنا حامل وليست لدي أوراق، أين أتابع الحمل؟');
    expect(woman.choices()[0]!.id).toBe('kb.more.pregnancy-and-childbirth');
    expect(woman.last.at(-1)!.dir).toBe('rtl');
  });

  it('the menus lead to them too: a child in danger under "Protection, justice", going home under "Services et aide"', async () => {
    const person = await migrantInAgadir('Français');
    await person.taps('Droits et papiers');
    await person.taps('Protection, justice');
    await person.taps('Enfant en danger');
    person.sees('2511');
    await person.says('menu');
    await person.taps('Services et aide');
    expect(person.buttonLabels().length).toBeLessThanOrEqual(10); // still one WhatsApp list (10 rows at most)
    await person.taps('Rentrer au pays');
    expect(person.choices()[0]!.id).toBe('kb.more.voluntary-return-iom');
  });
});
