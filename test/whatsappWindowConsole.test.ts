import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { webchatAsksAdvisor } from './support/consoleFixtures.js';
import { FakeGraphApi } from './support/fakeGraphApi.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { ManualClock } from './support/testServer.js';
import * as wa from './support/whatsappCloudPayloads.js';

/**
 * The WhatsApp 24-hour window as the advisor sees it: when it closes, and that a reply after it
 * goes as the approved template (Meta refuses free text with 131047; the fake Graph API does too).
 */
const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const TEMPLATE = 'tawjih_reprise';
const HOUR = 3600_000;
let graph: FakeGraphApi;
let app: TestApp;
let clock: ManualClock;
let advisor: AdvisorClient;
let amina: { email: string; password: string };

beforeAll(async () => {
  graph = await new FakeGraphApi().start();
  clock = new ManualClock();
  clock.set(Date.parse('2026-12-02T09:00:00Z'));
  app = await startTestApp(
    {
      OFFICE_HOURS: 'mon-sun 00:00-24:00',
      WHATSAPP_TOKEN: graph.token,
      WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
      WHATSAPP_API_ROOT: graph.apiRoot,
      WHATSAPP_TEMPLATE_NAME: TEMPLATE,
    },
    { clock },
  );
  amina = await createAdvisor(app.db, 'Amina');
  await signIn();
});
afterAll(async () => {
  await app.close();
  await graph.stop();
});

/** Sessions last 12 hours: the next day, Amina signs in again. */
async function signIn() {
  advisor = new AdvisorClient(app);
  expect((await advisor.login(amina.email, amina.password)).status).toBe(200);
}

/** The person writes on WhatsApp (a signed webhook); their turn runs and the outbox sends. */
async function writes(message: { payload: unknown }) {
  const raw = JSON.stringify(message.payload);
  clock.advance(1100);
  const res = await app.request('/whatsapp/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(raw, APP_SECRET) }, body: raw });
  expect(res.status).toBe(200);
  await app.settle();
}

async function outbox() {
  clock.advance(1100);
  await app.app.outbox.kick();
}

describe('the WhatsApp 24-hour window on a ticket', () => {
  it('shows when it closes; after it, a reply goes as the template and the advisor is told', async () => {
    const phone = '212600022222';
    await writes(wa.textMessage(phone, 'bonjour'));
    await writes(wa.listReply(phone, 'onboarding.language.fr', 'Français'));
    await writes(wa.buttonReply(phone, 'onboarding.privacy.decline', 'Non, merci'));
    await writes(wa.textMessage(phone, 'conseiller'));
    await writes(wa.textMessage(phone, 'Mon récépissé expire lundi, que faire ?'));
    const wroteAt = clock.now();
    const ticket = await advisor.waitingTicketFor((t) => t.channel === 'whatsapp-cloud');
    const first = (await advisor.get(`/tickets/${ticket.id}?lang=en`)).json.ticket;
    expect(first.whatsappWindow.templateSentAt).toBeNull();
    expect(Math.abs(first.whatsappWindow.closesAt - (wroteAt + 24 * HOUR))).toBeLessThan(5000);
    expect(first.labels.window).toMatch(/^WhatsApp: you can reply freely until .+ \(\d+ hr/);

    // Within the window: the advisor's reply is sent.
    expect((await advisor.post(`/tickets/${ticket.id}/claim`)).status).toBe(200);
    expect((await advisor.post(`/tickets/${ticket.id}/messages`, { text: 'Bonjour, je suis Amina.' })).status).toBe(200);
    await outbox();
    await outbox();
    const sent = (await advisor.get(`/tickets/${ticket.id}`)).json.ticket.history.filter((m: any) => m.from === 'advisor');
    expect(sent.at(-1)).toMatchObject({ text: 'Bonjour, je suis Amina.', delivery: { status: 'sent' } });

    // A day later, the person has not written: the window is closed.
    clock.advance(25 * HOUR);
    graph.closeWindow(phone);
    await signIn();
    const closed = (await advisor.get(`/tickets/${ticket.id}?lang=en`)).json.ticket;
    expect(closed.labels.window).toMatch(/^WhatsApp's 24-hour window closed at .+ A reply now goes as the Center's approved template/);

    expect((await advisor.post(`/tickets/${ticket.id}/messages`, { text: 'Avez-vous pu aller à la préfecture ?' })).status).toBe(200);
    await outbox();
    const template = graph.sent(phone).at(-1)!.body;
    expect(template).toMatchObject({ type: 'template', template: { name: TEMPLATE, language: { code: 'fr' } } });
    const after = (await advisor.get(`/tickets/${ticket.id}?lang=fr`)).json.ticket;
    expect(after.whatsappWindow.templateSentAt).not.toBeNull();
    expect(after.labels.window).toMatch(/^WhatsApp : le modèle est parti à/);
    expect(after.history.at(-1)).toMatchObject({ from: 'advisor', text: 'Avez-vous pu aller à la préfecture ?', delivery: { status: 'failed', reason: 'window_closed' } });

    // The person writes back: the window is open again, for 24 hours from now.
    graph.openWindow(phone);
    await writes(wa.textMessage(phone, "Oui, j'y suis allé"));
    const reopened = (await advisor.get(`/tickets/${ticket.id}`)).json.ticket;
    expect(reopened.whatsappWindow.templateSentAt).toBeNull();
    expect(reopened.whatsappWindow.closesAt).toBeGreaterThan(clock.now() + 23 * HOUR);
  });

  it('other channels have no window', async () => {
    await webchatAsksAdvisor(app, 'window-webchat', { language: 'Français', province: 'Tiznit', message: 'Bonjour' });
    const ticket = await advisor.waitingTicketFor((t) => t.channel === 'webchat');
    const detail = (await advisor.get(`/tickets/${ticket.id}`)).json.ticket;
    expect(detail.whatsappWindow).toBeNull();
    expect(detail.labels.window).toBeUndefined();
  });
});
