import { beforeAll, describe, expect, it } from 'vitest';
import type { Content, LexiconFile } from '../src/content/contentTypes.js';
import { parseLexicon } from '../src/content/parseLexicon.js';
import { validateLexicon } from '../src/content/validateLexicon.js';
import { LanguageDetector } from '../src/knowledge/detectLanguage.js';
import { Lexicon } from '../src/knowledge/lexicon.js';
import { tokenize } from '../src/knowledge/normalize.js';
import { buildKnowledgeIndex } from '../src/knowledge/buildKnowledgeIndex.js';
import type { KnowledgeIndex } from '../src/knowledge/searchKnowledge.js';
import { shippedContent } from './support/testApp.js';

let content: Content;
let lexicon: Lexicon;
let index: KnowledgeIndex;
let languages: LanguageDetector;
beforeAll(async () => {
  content = await shippedContent();
  lexicon = new Lexicon(content.lexicon);
  index = buildKnowledgeIndex(content);
  languages = new LanguageDetector(content.lexicon, content.articles);
});

const file = (over: Partial<LexiconFile>): LexiconFile => ({ file: 'knowledge/lexicon/test.yaml', language: 'fr', words: {}, stopwords: [], offtopic: [], danger: {}, notDanger: [], ...over });
const words = (text: string) => index.readWords(text).map((w) => w.raw);

describe('the vocabulary layer (knowledge/lexicon/*.yaml)', () => {
  it('rewrites dialect and register variants into the words the articles use', () => {
    expect(words('le proprio m a chassé')).toEqual(expect.arrayContaining(['proprietaire', 'expulsion']));
    expect(words('abeg my pikin dey sick')).toEqual(expect.arrayContaining(['child']));
    // Words as the index reads them (normalized: "employeur" folds to "emploieur", ى to ي).
    expect(words('lmo9awil ma khlssnach')).toEqual(expect.arrayContaining(['emploieur', 'salaire']));
    expect(words('قروش المشفى')).toEqual(['فلوس', 'مستشفي']);
    expect(words('Führerschein umschreiben')).toEqual(expect.arrayContaining(['permis', 'conduire']));
    expect(words('permesso di soggiorno')).toEqual(expect.arrayContaining(['carte', 'sejur']));
  });

  it('reads phrases, wildcards and the Arabic conjunction', () => {
    expect(words('les corps habillés sont venus')).toContain('police');
    expect(words('il me bastonnait')).toEqual(expect.arrayContaining(['violence', 'cups'])); // "baston*"
    const lex = new Lexicon([file({ words: { '*ضربني': 'ضرب' } })]);
    expect(lex.rewrite(tokenize('راجلي كيضربني'))).toEqual(['راجلي', 'ضرب']);
    expect(lexicon.rewrite(tokenize('وشالوا جوازي'))).not.toContain('وشالوا');
  });

  it('keeps a word the articles use as typed (a keyword of its own)', () => {
    // "bébé" is a keyword of the birth article: not rewritten to "enfant".
    expect(words('mon bébé est né')).toContain('bebe');
  });

  it('drops the story words of every variety: fillers, greetings, time', () => {
    expect(words('bonsoir tonton svp depuis hier vraiment')).toEqual([]);
    expect(words('abeg wetin i go do now')).toEqual([]);
    expect(words('salam khouya wach kayn chi 7al daba')).not.toContain('salam');
  });

  it('tells the languages apart, Italian, Dutch and German included', () => {
    expect(languages.detect('mon mari me bastonne, je fais comment')).toBe('fr');
    expect(languages.detect('abeg my oga no pay me, wetin i go do')).toBe('en');
    expect(languages.detect('kifach njaded lkarta dyali')).toBe('ary');
    expect(languages.detect('شو لازم اعمل لجدد الإقامة تبعي')).toBe('ar');
    expect(languages.detect('واش خاصني نجدد لاكارط')).toBe('ary');
    expect(languages.detect('come rinnovare il passaporto marocchino al consolato')).toBe('it');
    expect(languages.detect('hoe kan ik mijn paspoort verlengen bij het consulaat')).toBe('nl');
    expect(languages.detect('wie kann ich meinen Führerschein umschreiben')).toBe('de');
    expect(languages.detect('azul, riɣ ad sɣ tigmmi')).toBe('shi');
    expect(languages.detect('Agadir')).toBeNull();
  });
});

describe('danger and off-topic phrases', () => {
  it('tells a short question with no telling word by the words of the articles in each language', () => {
    // No marker or lexicon word in these: the English, French and Spanish articles' words decide.
    expect(languages.detect('ambulance number morocco')).toBe('en');
    expect(languages.detect('buying a house in Morocco as an MRE')).toBe('en');
    expect(languages.detect('numéro ambulance maroc')).toBe('fr');
    expect(languages.detect('número ambulancia marruecos')).toBe('es');
    // What the telling words decide, the articles' words do not overturn.
    expect(languages.detect('kifach njaded la carte de sejour')).toBe('ary');
  });

  it('finds danger in every variety, and says which kind', () => {
    const kinds = (t: string) => index.dangerSigns(t).map((s) => s.kind);
    expect(kinds('mon mari me bastonne')).toContain('violence');
    expect(kinds('kay3nefni rajli')).toContain('violence');
    expect(kinds('i wan kill myself')).toContain('suicide');
    expect(kinds('بغيت نقتل راسي')).toContain('suicide');
    expect(kinds('there is a kid alone at the station')).toContain('child');
    expect(kinds('someone is drowning')).toContain('emergency');
    expect(kinds('mi marido me pega')).toContain('violence');
  });

  it('counts a weak sign only beside another: a passport kept over a hospital bill is not trafficking', () => {
    expect(index.dangerSigns('the hospital kept my passport because i could not pay the bill')).toEqual([]);
    expect(index.dangerSigns('my boss kept my passport and i work for free').map((s) => s.kind)).toEqual(['exploitation', 'exploitation']);
    expect(index.dangerSigns('my boss does not pay me on time')).toEqual([]);
  });

  it('does not take everyday words for danger', () => {
    for (const text of ['je suis en danger de perdre mon emploi', 'this process is killing me', 'mort de rire', 'ghadi nmout b dde7k', 'je meurs de faim'])
      expect(index.dangerSigns(text), text).toEqual([]);
  });

  it('finds phrases that say the message is not for the Center', () => {
    expect(lexicon.offTopicPhrases(tokenize('i love you, will you marry me?')).length).toBeGreaterThan(0);
    expect(lexicon.offTopicPhrases(tokenize('abeg send me credit for my phone')).length).toBeGreaterThan(0);
    // "mon mari me…" folds like "marry me": only the English question is off topic.
    expect(lexicon.offTopicPhrases(tokenize('mon mari me demande un papier'))).toEqual([]);
    expect(lexicon.offTopicPhrases(tokenize('recipe isse carte de séjour'))).toEqual([]);
  });
});

describe('content:check rules for the lexicon', () => {
  const problems = (f: LexiconFile) => validateLexicon({ ...content, lexicon: [f] }).filter((p) => p.severity === 'error').map((p) => p.message);

  it('accepts the shipped lexicon', () => {
    expect(validateLexicon(content).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('refuses a variant that folds to a stopword or two letters ("my" becomes "mi")', () => {
    expect(problems(file({ words: { mmi: 'mere' } })).join()).toMatch(/"mmi" normalizes to "mi", a stopword/);
  });

  it('refuses a target no article uses', () => {
    expect(problems(file({ words: { zorglub: 'xylophone' } })).join()).toMatch(/"zorglub": its target "xylophone" has no word the articles use/);
  });

  it('refuses one variant with two targets, and wildcards that keep too little', () => {
    const twice = validateLexicon({ ...content, lexicon: [file({ words: { bailleur: 'proprietaire' } }), file({ file: 'other.yaml', words: { bailleur: 'loyer' } })] });
    expect(twice.map((p) => p.message).join()).toMatch(/"bailleur" is also in knowledge\/lexicon\/test.yaml with another target/);
    expect(problems(file({ words: { 'ba*': 'violence' } })).join()).toMatch(/"ba\*" keeps under 3 letters/);
    expect(problems(file({ danger: { violence: ['me'] } })).join()).toMatch(/danger phrase \(violence\) "me"/);
    expect(problems(file({ danger: { violence: ['** frappe'] } })).join()).toMatch(/starts with a bare/);
  });

  it('parses a file with its language, and refuses an unknown key', () => {
    const ok = parseLexicon('x.yaml', 'language: ary\nabout: test\nwords:\n  lwra9: papiers\nstopwords: wach kifach\n');
    expect(ok).toMatchObject({ ok: true, value: { language: 'ary', words: { lwra9: 'papiers' }, stopwords: ['wach', 'kifach'] } });
    expect(parseLexicon('x.yaml', 'language: fr\nabout: test\nwordz: {}\n')).toMatchObject({ ok: false });
  });
});
