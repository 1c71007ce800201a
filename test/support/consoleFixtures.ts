import type { Target } from './transport.js';
import { WebchatPerson } from './webchatPerson.js';

/** The onboarding buttons, as the person reads them, in the languages these tests use. */
const BUTTONS = {
  Français: { accept: "J'accepte", migrant: 'Migrant au Maroc', noNews: 'Non merci', advisor: 'Un conseiller humain', cancel: 'Annuler ma demande' },
  العربية: { accept: 'أوافق', migrant: 'مهاجر في المغرب', noNews: 'لا شكرا', advisor: 'التحدث مع مستشار', cancel: 'إلغاء طلبي' },
  Español: { accept: 'Acepto', migrant: 'Migrante (Marruecos)', noNews: 'No, gracias', advisor: 'Hablar con un asesor', cancel: 'Cancelar mi pedido' },
  English: { accept: 'I agree', migrant: 'Migrant in Morocco', noNews: 'No thanks', advisor: 'Talk to an advisor', cancel: 'Cancel my request' },
} as const;
export type OnboardingLanguage = keyof typeof BUTTONS;

/**
 * A person on the web chat who goes through onboarding (language, consent, migrant, province,
 * no news), optionally asks a question first, then taps "talk to an advisor" and writes what
 * they need: a ticket waits in the console.
 */
export async function webchatAsksAdvisor(
  target: Target,
  id: string,
  o: { language: OnboardingLanguage; province: string | RegExp; question?: string; message?: string },
): Promise<WebchatPerson> {
  const b = BUTTONS[o.language];
  const person = new WebchatPerson(target, id);
  await person.says('bonjour');
  await person.taps(o.language);
  await person.taps(b.accept);
  await person.taps(b.migrant);
  await person.taps(o.province);
  await person.taps(b.noNews);
  if (o.question) await person.says(o.question);
  await person.taps(b.advisor);
  if (o.message) await person.says(o.message);
  return person;
}

/** The same person cancels their request ("cancel my request"). */
export async function cancelsRequest(person: WebchatPerson, language: OnboardingLanguage): Promise<void> {
  await person.taps(BUTTONS[language].cancel);
}
