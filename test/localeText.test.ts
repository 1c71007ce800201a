import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatTachelhitWithoutCldr, formatWeekdayTime } from '../src/i18n/formatDates.js';
import { createI18n, type I18n } from '../src/i18n/createI18n.js';
import { publisherName, sourceLink } from '../src/content/publishers.js';
import { mixedScript } from '../src/content/validateLocales.js';
import { ManualClock } from './support/testServer.js';
import { shippedContent, startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';

let i18n: I18n;
beforeAll(async () => {
  i18n = createI18n((await shippedContent()).locales);
});

describe('numbers agree with their noun, in each language (i18next plurals)', () => {
  it('Darija says "6 دقايق", "15 دقيقة", "جوج دقايق" (Arabic rules: CLDR has none for Darija)', () => {
    const wait = (n: number) => i18n.t('ary', 'handoff.wait', { count: n });
    expect(wait(6)).toContain('6 دقايق');
    expect(wait(6)).not.toContain('دقيقة');
    expect(wait(15)).toContain('15 دقيقة');
    expect(wait(2)).toContain('جوج دقايق');
    expect(wait(1)).toContain('دقيقة وحدة');
  });

  it('Arabic says "6 دقائق" and "15 دقيقة"; French "1 minute" and "6 minutes"; Tachelhit "6 n tdqiqin"', () => {
    expect(i18n.t('ar', 'handoff.wait', { count: 6 })).toContain('6 دقائق');
    expect(i18n.t('ar', 'handoff.wait', { count: 15 })).toContain('15 دقيقة');
    expect(i18n.t('fr', 'handoff.wait', { count: 1 })).toContain('1 minute environ');
    expect(i18n.t('fr', 'handoff.wait', { count: 6 })).toContain('6 minutes');
    expect(i18n.t('shi', 'handoff.wait', { count: 6 })).toContain('6 n tdqiqin');
    expect(i18n.t('shi', 'handoff.wait', { count: 6 })).not.toMatch(/\p{Script=Arabic}/u);
  });
});

describe('dates in the person\'s language, from Intl', () => {
  it('a review date: Moroccan month with the standard one in Arabic, Moroccan in Darija, Tachelhit in Latin script', () => {
    expect(formatDay('2026-08-03', 'ar')).toBe('3 غشت (أغسطس) 2026');
    expect(formatDay('2026-11-22', 'ar')).toBe('22 نونبر (نوفمبر) 2026');
    expect(formatDay('2026-04-22', 'ar')).toBe('22 أبريل 2026'); // the same name: once
    expect(formatDay('2026-08-03', 'ary')).toBe('3 غشت 2026');
    expect(formatDay('2026-08-03', 'shi')).toBe('3 ɣuct 2026');
    expect(formatDay('2026-08-03', 'fr')).toBe('3 août 2026');
    expect(formatDay('2026-08-03', 'en')).toBe('3 August 2026');
    expect(formatDay('2026-08-03', 'es')).toBe('3 de agosto de 2026');
  });

  it('without Intl\'s Tachelhit data (Cloudflare\'s workerd), the same CLDR names and order as Node gives', () => {
    const options: Intl.DateTimeFormatOptions[] = [
      { timeZone: 'Africa/Casablanca', day: 'numeric', month: 'long', year: 'numeric' },
      { timeZone: 'Africa/Casablanca', weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      { timeZone: 'Africa/Casablanca', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    ];
    for (let day = 0; day < 365; day += 9) {
      const at = new Date(Date.UTC(2026, 0, 1 + day, 10, 30));
      for (const o of options) expect(formatTachelhitWithoutCldr(at, o)).toBe(new Intl.DateTimeFormat('shi-Latn-MA', o).format(at));
    }
  });

  it('a day and a time in the sentence\'s own language: never "samedi" in Tachelhit', () => {
    const saturday = Date.parse('2026-12-12T09:00:00Z');
    expect(formatWeekdayTime(saturday, 'shi', 'Africa/Casablanca')).toMatch(/^asiḍyas \d\d:\d\d$/);
    expect(formatWeekdayTime(saturday, 'ar', 'Africa/Casablanca')).toMatch(/^السبت \d\d:\d\d$/);
    expect(formatWeekdayTime(saturday, 'fr', 'Africa/Casablanca')).toMatch(/^samedi \d\d:\d\d$/);
    expect(formatDateTime(saturday, 'ar', 'Africa/Casablanca')).toContain('12 دجنبر (ديسمبر)');
    expect(formatDateTime(saturday, 'shi', 'Africa/Casablanca')).toContain('12 dujanbir');
  });
});

describe('sources by publisher', () => {
  it('names a source by its publisher in the reader\'s language, else by its site', async () => {
    const { publishers = {} } = await shippedContent();
    expect(publisherName('https://help.unhcr.org/morocco/en/seeking-asylum-in-morocco/', publishers, 'fr')).toBe('UNHCR Maroc');
    expect(publisherName('https://help.unhcr.org/morocco/en/seeking-asylum-in-morocco/', publishers, 'en')).toBe('UNHCR Morocco');
    expect(publisherName('https://www.unhcr.org/fr/', publishers, 'fr')).toBe('UNHCR');
    expect(publisherName('https://www.service-public.ma/fr/particuliers', publishers, 'fr')).toBe('service-public.ma');
    expect(publisherName('https://www.example.org/a/b', publishers, 'fr')).toBe('example.org');
    // A site and a path name one publisher's documents on a shared host, not the host's others.
    expect(publisherName('https://issuu.com/enabel.maroc/docs/fiche_accompagnement_auto-emploi', publishers, 'fr')).toBe('Enabel (sur Issuu)');
    expect(publisherName('https://issuu.com/someone-else/docs/a-leaflet', publishers, 'fr')).toBe('issuu.com');
    // Darija reads the Arabic name.
    expect(publisherName('https://www.mcinformactions.net/a-tiznit-dans-le-sud-du-maroc-la-hausse-des-refoulements-de-migrants-inquiete', publishers, 'ary')).toBe('InfoMigrants، عبر mcinformactions.net');
    expect(sourceLink('https://www.cndp.ma/fr/', publishers, 'fr')).toMatch(/^\[CNDP \(.+\)\]\(https:\/\/www\.cndp\.ma\/fr\/\)$/);
  });
});

describe('content:check\'s script rule', () => {
  it('flags a Latin word in an Arabic-script string and Arabic script in a Tachelhit one, not acronyms, names or placeholders', () => {
    expect(mixedScript('ary', 'المركز مسدود دابا: ابتداء من samedi 09:00')).toBe('samedi');
    expect(mixedScript('shi', 'Lmerkaz iqqn ɣilad, ابتداء من {{when}}')).toBe('ابتداء');
    expect(mixedScript('ar', 'بطاقة لاجئ (BRA) عبر WhatsApp في {{when}}، tawjih')).toBeNull();
    expect(mixedScript('shi', 'Lkarṭ n llaji (BRA) {{when}}')).toBeNull();
  });
});

describe('a whole conversation in Tachelhit after hours', () => {
  let app: TestApp;
  afterAll(async () => app?.close());

  it('chrome, prompts and the after-hours line are in Tachelhit, Latin script, with the day from Intl', async () => {
    const clock = new ManualClock();
    clock.set(Date.parse('2026-11-22T12:00:00Z')); // a Sunday in Agadir
    app = await startTestApp({ OFFICE_HOURS: 'mon-fri 09:00-16:30' }, { clock, background: false });
    const person = new WebchatPerson(app, 'shi-after-hours');
    await person.says('azul');
    await person.taps('Taclḥit');
    person.sees('Ur ta nbdi');
    await person.taps('Ih, qblɣ');
    await person.taps('Amuhajir ɣ Lmɣrib');
    await person.taps('Tiznit');
    await person.taps('Uhu, tanmmirt');
    await person.says('lmustacar');
    person.sees('Lmerkaz iqqn ɣilad');
    person.sees(/aynas 09:00/); // Monday, in Tachelhit
    expect(person.text()).not.toMatch(/\p{Script=Arabic}|lundi/u);
    expect(person.last.every((r) => r.dir === 'ltr' && r.locale === 'shi')).toBe(true);
    expect(person.buttonLabels()).toEqual(['Kks asuter inu', 'Lmenu amqqran']);
    await person.taps('Kks asuter inu');
    person.sees('Asuter nnek ittuykkas');
    // The page itself (title, heading, placeholder, send button) in Tachelhit too.
    const page = await (await app.request('/?lang=shi')).text();
    expect(page).toContain('placeholder="Ari asqsi nnek…"');
    expect(page).toContain('<button id="send" type="submit">Azn</button>');
    expect(page).toContain('<html lang="shi-Latn" dir="ltr"');
    expect(page).toMatch(/<title>tawjih: tawjih n imuhajirn[^<]*<\/title>/);
    expect(page).not.toMatch(/\p{Script=Arabic}/u);
    // The script that switches languages carries the same Tachelhit strings.
    const script = await (await app.request(/src="([^"]+\.js)"/.exec(page)![1]!)).text();
    expect(script).toMatch(/"shi":\{"title":"tawjih: tawjih n imuhajirn[^"]*","heading":"tawjih"/);
    expect(script.match(/"shi":\{[^}]*\}/)![0]).not.toMatch(/\p{Script=Arabic}/u);
  });
});
