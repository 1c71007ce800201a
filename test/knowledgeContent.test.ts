import { describe, expect, it } from 'vitest';
import { readContentDir } from '../src/runtime/readContentDir.js';
import { parseContent } from '../src/content/parseContent.js';
import type { ArticleLang } from '../src/content/contentTypes.js';

/** The rules of docs/content.md that a reader would check, read from the shipped articles. */
const { content } = parseContent(await readContentDir('.'));
const article = (id: string) => {
  const a = content.articles.find((x) => x.id === id);
  if (!a) throw new Error(`no article ${id}`);
  return a;
};
const LANGS: ArticleLang[] = ['ar', 'fr', 'en', 'es'];
/** How each language says "without (valid) papers", next to the risk of the police. */
const WITHOUT_PAPERS: Record<ArticleLang, RegExp> = {
  en: /without (valid )?papers|no valid papers/i,
  fr: /sans papiers|pas de papiers valables/i,
  es: /sin papeles|papeles válidos/i,
  ar: /(أوراق|وثائق) سارية|(دون|بدون|بلا) أوراق/,
};
const POLICE_NUMBER = /(?<![\d.,])19(?![\d.,])/;

describe('what the articles tell a person who may be in danger (docs/content.md)', () => {
  it('the emergency summary, which is the safety reply, gives the ambulance, SAMU, the child line and UNHCR before the police, then the risk, in every language', () => {
    for (const lang of LANGS) {
      const s = article('emergency-numbers').texts[lang]!.summary;
      const police = s.search(POLICE_NUMBER);
      expect(police, lang).toBeGreaterThan(0);
      for (const before of [/(?<!\d)15(?!\d)/, /(?<!\d)141(?!\d)/, /(?<!\d)2511(?!\d)/, /37 54 54 00|0537545400/]) {
        const at = s.search(before);
        expect(at, `${lang}: ${before} is there`).toBeGreaterThan(-1);
        expect(at, `${lang}: ${before} comes before the police`).toBeLessThan(police);
      }
      expect(s, lang).toMatch(/(?<!\d)177(?!\d)/);
      expect(s.slice(police), lang).toMatch(WITHOUT_PAPERS[lang]);
    }
  });

  it('the articles the issue names are sensitive, so an advisor request after them goes first in the queue', () => {
    for (const id of ['emergency-numbers', 'trafficking-victims', 'violence-against-women', 'human-rights-complaints', 'asylum-unhcr-registration', 'unhcr-and-asylum-contacts'])
      expect(article(id).meta.sensitive, id).toBe(true);
    expect(article('refugee-card-bra').meta.sensitive).toBe(false);
  });

  it('every sensitive article that gives the police number states the risk of the police for people without papers, in summary and body, in every language', () => {
    for (const a of content.articles.filter((x) => x.meta.sensitive)) {
      for (const lang of LANGS) {
        const t = a.texts[lang]!;
        for (const [part, text] of [['summary', t.summary], ['body', t.body]] as const)
          if (POLICE_NUMBER.test(text)) expect(text, `${a.id}/${lang} ${part}`).toMatch(WITHOUT_PAPERS[lang]);
      }
    }
  });

  it('the articles that may send someone without papers to the police say the risk and give another route first', () => {
    for (const id of ['residence-permit-first-application', 'residence-permit-renewal', 'regularization-campaigns', 'housing-and-lease', 'trafficking-victims', 'violence-against-women']) {
      for (const lang of LANGS) {
        const body = article(id).texts[lang]!.body;
        expect(body, `${id}/${lang}`).toMatch(WITHOUT_PAPERS[lang]);
        expect(body, `${id}/${lang}: a route that is not the police`).toMatch(/GADEM|UNHCR|HCR|ACNUR|المفوضية|hospital|hôpital|hospital|مستشفى/);
      }
    }
  });

  it('IOM is named for victims of trafficking, and UNHCR is attributed, not promised, in the asylum summary', () => {
    for (const lang of LANGS) expect(article('trafficking-victims').texts[lang]!.summary, lang).toMatch(/IOM|OIM/);
    expect(article('asylum-unhcr-registration').texts.en!.summary).toMatch(/According to UNHCR, asylum seekers/);
    expect(article('asylum-unhcr-registration').texts.fr!.summary).toMatch(/Selon le HCR, les demandeurs d'asile/);
  });
});

describe('Arabic that a Sudanese or Syrian reader understands (docs/content.md)', () => {
  const letter = '\u0621-\u064A';
  /** Moroccan words that must be glossed at their first use in the summary and in the body. */
  const MOROCCAN = ['عقد الازدياد', 'رسم الولادة', 'شهادة السكنى', 'المسطرة', 'مسطرة', 'مساطر', 'الشكايات', 'شكايات', 'الشكاية', 'شكاية', 'المستعجلات', 'المعطيات', 'وكيل الملك', 'التنبر'];
  const firstUse = new RegExp(`(?<![${letter}])(?:[وفبل]|لل)?(${MOROCCAN.join('|')})(?![${letter}])`);

  it('glosses the Moroccan administrative words at first use, in the summary and in the body of every article', () => {
    for (const a of content.articles) {
      const t = a.texts.ar!;
      for (const [part, text] of [['summary', t.summary], ['body', t.body]] as const) {
        const m = firstUse.exec(text);
        if (!m) continue;
        const after = text.slice(m.index + m[0].length).replace(/^\*\*/, '');
        expect(after, `${a.id} ${part}: "${m[1]}" without its gloss`).toMatch(/^\s*\(|^، (أي|وهو)/);
      }
    }
  });

  it('puts the standard month name beside every Moroccan one, and never calls an article بطاقة', () => {
    const moroccanMonth = new RegExp(`(?<![${letter}])(ماي|يوليوز|غشت|شتنبر|نونبر|دجنبر)(?![${letter}])(?!\\s*\\()`);
    const articleAsCard = new RegExp(`(اقرأ|اقرئي|انظر|انظري|راجع)( أيضا| أيضًا)? بطاق|(?<![${letter}])هذه البطاقة`);
    for (const a of content.articles) {
      const t = a.texts.ar!;
      for (const text of [t.summary, t.body]) {
        expect(text, a.id).not.toMatch(moroccanMonth);
        expect(text, a.id).not.toMatch(articleAsCard);
      }
    }
  });
});
