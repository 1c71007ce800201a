import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceIsolates, directionOf, isolateLtrRuns, LRI, PDI, stripIsolates } from '../src/i18n/bidiIsolate.js';
import { splitMessage } from '../src/channels/splitMessage.js';
import { visual } from './support/bidiVisual.js';

/** The line of the emergency-numbers article that issue 18 saw reversed. */
const UNHCR_LINE = 'المفوضية: الخط +212 5 37 54 54 00، واتساب +212 6 66 04 56 06، من الاثنين إلى الجمعة من 9:00 إلى 15:00.';

describe('left-to-right islands in Arabic text (what a phone shows)', () => {
  it('without isolates, an Arabic line shows a phone number reversed: the bug, as the bidi algorithm lays it out', () => {
    expect(visual(UNHCR_LINE, 'rtl')).toContain('00 54 54 37 5 212+');
    expect(visual('آخر مراجعة: 2026-11-22', 'rtl')).toContain('22-11-2026');
  });

  it('with them, phone numbers, times and dates read left to right, in their place in the sentence', () => {
    const shown = visual(isolateLtrRuns(UNHCR_LINE), 'rtl');
    expect(shown).toContain('+212 5 37 54 54 00');
    expect(shown).toContain('+212 6 66 04 56 06');
    expect(shown).toContain('9:00');
    expect(shown).toContain('15:00');
    // Right to left between them: the first number sits to the right of the second one.
    expect(shown.indexOf('+212 5 37 54 54 00')).toBeGreaterThan(shown.indexOf('+212 6 66 04 56 06'));
    expect(visual(isolateLtrRuns('آخر مراجعة: 2026-11-22'), 'rtl')).toContain('2026-11-22');
  });

  it('a link keeps its last slash at its end, an e-mail and a domain stay whole, an amount keeps its currency', () => {
    const text = 'المصادر:\n- https://help.unhcr.org/morocco/en/\nاكتب إلى contact@cndp.ma أو افتح watiqa.ma.\nالغرامة من 1,000 إلى 10,000 DH.';
    const lines = visual(isolateLtrRuns(text), 'rtl').split('\n');
    expect(lines[1]).toMatch(/https:\/\/help\.unhcr\.org\/morocco\/en\/ -$/);
    expect(lines[2]).toContain('contact@cndp.ma');
    expect(lines[2]).toContain('watiqa.ma');
    expect(lines[3]).toContain('10,000 DH');
    expect(visual(text, 'rtl').split('\n')[1]).toMatch(/^\/https/); // without: the slash jumps to the front
  });

  it('wraps Latin words (a publisher, an acronym) and leaves a lone number, markup and Arabic alone', () => {
    expect(isolateLtrRuns('- **19**: الشرطة (SAMU) منذ 2020')).toBe(`- **19**: الشرطة (${LRI}SAMU${PDI}) منذ 2020`);
    expect(isolateLtrRuns('المصادر: [UNHCR Maroc](https://help.unhcr.org/morocco/)')).toBe('المصادر: \u2068[UNHCR Maroc](https://help.unhcr.org/morocco/)\u2069');
    expect(isolateLtrRuns('كيف يمكنني مساعدتك؟')).toBe('كيف يمكنني مساعدتك؟');
  });

  it('is idempotent, and takes nothing away: without its isolates the text is the one written', () => {
    const arabicWord = fc.constantFrom('الخط', 'واتساب', 'من', 'إلى', 'اتصل', 'بالرقم', 'المصدر:', '،', 'في', '(', ')', '-', '**');
    const ltr = fc.constantFrom('+212 5 37 54 54 00', '0801 000 180', '2026-11-22', '9:00', 'https://www.cndp.ma/fr/', 'a@b.ma', 'UNHCR', 'Allô SAMU 141', '50%', '19', 'carte de séjour', '1 000 DH');
    fc.assert(
      fc.property(fc.array(fc.oneof(arabicWord, ltr), { maxLength: 20 }), (words) => {
        const text = words.join(' ');
        const once = isolateLtrRuns(text);
        expect(isolateLtrRuns(once)).toBe(once);
        expect(stripIsolates(once)).toBe(text);
        expect(balanceIsolates([once])).toEqual([once]);
      }),
    );
  });

  it('every left-to-right run of a random Arabic sentence reads left to right on screen', () => {
    const run = fc.constantFrom('+212 5 37 54 54 00', '+212 6 66 04 56 06', '0801 000 180', '2026-11-22', '22/11/2026', '09:00', 'https://help.unhcr.org/morocco/en/', 'contact@cndp.ma', 'Fondation Hassan II', '10,000 DH');
    const arabic = fc.array(fc.constantFrom('الخط', 'واتساب', 'اتصل', 'بالرقم', 'الموعد', 'المصدر', 'أو', 'ثم'), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    const sep = fc.constantFrom(' ', '، ', ': ', ' (', ') ', ' - ');
    fc.assert(
      fc.property(fc.array(fc.tuple(arabic, sep, run, sep), { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([a, s1, r, s2]) => `${a}${s1}${r}${s2}`).join('') + 'انتهى';
        const shown = visual(isolateLtrRuns(text), 'rtl');
        for (const [, , r] of parts) expect(shown).toContain(r);
      }),
    );
  });

  it('guesses a typed message\'s direction from its first letter, as dir="auto" does', () => {
    expect(directionOf('رقمي 0612345678, merci')).toBe('rtl');
    expect(directionOf('Bonjour, رقمي 0612345678')).toBe('ltr');
    expect(directionOf('0612345678')).toBe('ltr');
  });
});

describe('cutting a long message', () => {
  it('never leaves an isolate open across messages, keeps each under the limit, and loses nothing', () => {
    const piece = fc.constantFrom('اتصل بالرقم ', `${LRI}+212 5 37 54 54 00${PDI}`, '، ', '\n\n', `\u2068[UNHCR Maroc](https://help.unhcr.org/morocco/en/)\u2069`, 'الخط ', '**مهم** ', 'x'.repeat(50));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), fc.integer({ min: 40, max: 400 }), (pieces, limit) => {
        const text = pieces.join('').trim();
        const parts = splitMessage(text, limit);
        for (const p of parts) {
          expect([...p].length).toBeLessThanOrEqual(limit);
          let depth = 0;
          for (const ch of p) {
            if (ch >= '\u2066' && ch <= '\u2068') depth++;
            else if (ch === PDI) depth--;
            expect(depth).toBeGreaterThanOrEqual(0);
          }
          expect(depth).toBe(0);
        }
        expect(stripIsolates(parts.join('')).replace(/\s+/g, '')).toBe(stripIsolates(text).replace(/\s+/g, ''));
      }),
    );
  });

  it('cuts beside a phone number rather than inside it', () => {
    const number = `${LRI}+212 5 37 54 54 00${PDI}`;
    const text = `${'كلمة '.repeat(70)}${number} ${'كلمة '.repeat(10)}`.trim();
    const parts = splitMessage(text, 360);
    expect(parts.length).toBe(2);
    expect(parts.some((p) => p.includes(number))).toBe(true);
  });
});
