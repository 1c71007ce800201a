import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server.close());

async function contactOf(conversationId: string) {
  const r = await server.db.execute({
    sql: 'SELECT c.* FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel = ? AND v.channel_user_id = ?',
    args: ['webchat', conversationId],
  });
  return r.rows[0];
}

describe('onboarding in French', () => {
  it('asks language, consent, migrant or MRE, province, then shows the main menu', async () => {
    const person = new WebchatPerson(server, 'fr-onboarding-1');
    await person.says('bonjour');
    person.sees('Bienvenue sur tawjih');
    person.sees('Choisissez votre langue');
    expect(person.buttonLabels()).toEqual(['العربية', 'الدارجة', 'Taclḥit', 'Français', 'English', 'Español']);

    await person.taps('Français');
    person.sees('Avant de commencer');
    person.sees('loi 09-08');
    expect(person.buttonLabels()).toEqual(["J'accepte", 'Non, merci']);

    await person.taps("J'accepte");
    person.sees('Êtes-vous un migrant vivant au Maroc');
    await person.taps('Migrant au Maroc');
    person.sees('Où habitez-vous ?');
    expect(person.buttonLabels()).toContain('Inezgane-Aït Melloul');
    expect(person.buttonLabels()).toContain('À l\'étranger');

    await person.taps('Tiznit');
    person.sees('Voulez-vous recevoir les nouvelles du Centre');
    expect(person.buttonLabels()).toEqual(['Ateliers', 'Droits (nouveautés)', 'Investissement', 'Tout recevoir', 'Non merci']);
    await person.taps('Non merci');
    person.sees('Merci !');
    person.sees('Comment puis-je vous aider ?');
    expect(person.buttonLabels()).toEqual(['Droits et papiers', 'Services et aide', 'Investir', 'Le Centre', 'Un conseiller humain', 'Changer de langue']);

    const contact = await contactOf('fr-onboarding-1');
    expect(contact).toMatchObject({ locale: 'fr', audience: 'migrant', province: 'tiznit', consent_version: '2026-11-22' });
    expect(contact?.consent_at).not.toBeNull();
  });

  it('without consent, answers questions but keeps no profile', async () => {
    const person = new WebchatPerson(server, 'fr-onboarding-noconsent');
    await person.says('salut');
    await person.taps('Français');
    await person.taps('Non, merci');
    person.sees('je ne garde pas de profil');
    person.sees('Comment puis-je vous aider ?');
    const contact = await contactOf('fr-onboarding-noconsent');
    expect(contact).toMatchObject({ consent_at: null, audience: null, province: null });
  });

  it('accepts typed numbers and typed labels instead of taps', async () => {
    const person = new WebchatPerson(server, 'fr-onboarding-typed');
    await person.says('bonjour');
    await person.says('4'); // Français
    person.sees('Avant de commencer');
    await person.says("j'accepte");
    person.sees('Êtes-vous un migrant');
    await person.says('2'); // Marocain du monde
    person.sees('Où habitez-vous');
    await person.says('a l etranger');
    await person.says('non merci');
    person.sees('Comment puis-je vous aider ?');
    expect(await contactOf('fr-onboarding-typed')).toMatchObject({ audience: 'mre', province: 'abroad' });
  });
});

describe('onboarding in Arabic', () => {
  it('runs right to left, in Arabic, to the main menu', async () => {
    const person = new WebchatPerson(server, 'ar-onboarding-1', 'ar');
    await person.says('السلام عليكم');
    person.sees('مرحبا بك');
    expect(person.last.every((r) => r.dir === 'rtl')).toBe(true);
    await person.taps('العربية');
    person.sees('قبل أن نبدأ');
    await person.taps('أوافق');
    person.sees('هل أنت مهاجر');
    await person.taps('مغربي مقيم بالخارج');
    person.sees('أين تسكن؟');
    await person.taps('أكادير إداوتنان');
    await person.taps('لا شكرا');
    person.sees('كيف يمكنني مساعدتك؟');
    expect(person.buttonLabels()).toEqual(['الحقوق والوثائق', 'الخدمات والمساعدة', 'الاستثمار', 'عن المركز', 'التحدث مع مستشار', 'تغيير اللغة']);
    expect(person.last.at(-1)).toMatchObject({ dir: 'rtl', locale: 'ar' });
    expect(await contactOf('ar-onboarding-1')).toMatchObject({ locale: 'ar', audience: 'mre', province: 'agadir-ida-outanane' });
  });
});
