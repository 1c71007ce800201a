import { describe, expect, it } from 'vitest';
import { normalizeText } from '../src/knowledge/normalize.js';
import { detectLanguage } from '../src/knowledge/detectLanguage.js';
import { consonantSkeleton } from '../src/knowledge/consonantSkeleton.js';
import { stem } from '../src/knowledge/stem.js';

describe('normalization makes the spellings people use meet', () => {
  it.each([
    ['Carte de Séjour', 'carte de sejour'],
    ['CARTE DE SÉJOUR', 'carte de sejour'],
    ['carte de sejour', 'carte de sejour'],
    ['الإقامة', 'الاقامة'],
    ['الإقامَةُ', 'الاقامة'],
    ['أجدد', 'اجدد'],
    ['آجدد', 'اجدد'],
    ['مستشـــار', 'مستشار'],
    ['مدرسة', 'مدرسه'],
    ['مستشفى', 'مستشفي'],
    ['٢٠٢٦', '2026'],
    ['mosta3char', 'mostachar'],
    ['mostashar', 'mosta3char'],
    ['moustachar', 'mustachar'],
    ['9adi', 'kadi'],
    ['qadi', 'kadi'],
    ['7ayati', 'haiati'],
    ['bzzzzaf', 'bzaf'],
    ['wach', 'uach'],
    ['wesh', 'uech'],
  ])('%s ~ %s', (a, b) => {
    expect(normalizeText(a)).toBe(normalizeText(b));
  });

  it('removes punctuation and keeps words apart', () => {
    expect(normalizeText("Qu'est-ce que l'AMO ?")).toBe('ku est ce kue l amo');
  });

  it('stems French, English and Arabic forms of the same word together', () => {
    expect(stem(normalizeText('renouvellement'))).toBe(stem(normalizeText('renouveler')));
    expect(stem(normalizeText('الإقامة'))).toBe(stem(normalizeText('إقامة')));
    expect(stem(normalizeText('documents'))).toBe(stem(normalizeText('document')));
  });

  it('bridges Darija in Arabic script and in Arabizi through consonants', () => {
    expect(consonantSkeleton(normalizeText('تجديد'))).toBe('jdd');
    expect(consonantSkeleton(normalizeText('njaded'))).toBe('jdd');
    expect(consonantSkeleton(normalizeText('السبيطار').replace(/^ال/, ''))).toBe(consonantSkeleton(normalizeText('sbitar')));
  });
});

describe('language detection', () => {
  it.each([
    ['Comment renouveler ma carte de séjour ?', 'fr'],
    ['How do I renew my residence permit?', 'en'],
    ['¿Cómo cambio mi carnet de conducir?', 'es'],
    ['كيف أجدد بطاقة الإقامة؟', 'ar'],
    ['واش السبيطار كيداوي بلا فلوس', 'ary'],
    ['kifach njaded la carte, chno khasni', 'ary'],
  ])('%s -> %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('says nothing rather than guess on a single unknown word', () => {
    expect(detectLanguage('Agadir')).toBeNull();
  });
});
