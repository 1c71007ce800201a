import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { webchatAsksAdvisor } from './support/consoleFixtures.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { ManualClock } from './support/testServer.js';

/** Advisors working together: who is on the console (for a transfer), and the audit log an admin reads. */
let app: TestApp;
let clock: ManualClock;
const accounts: Record<string, { id: string; email: string; password: string }> = {};

async function signIn(name: string): Promise<AdvisorClient> {
  const c = new AdvisorClient(app);
  expect((await c.login(accounts[name]!.email, accounts[name]!.password)).status).toBe(200);
  return c;
}

beforeAll(async () => {
  clock = new ManualClock();
  clock.set(Date.parse('2026-12-02T09:00:00Z'));
  app = await startTestApp({ OFFICE_HOURS: 'mon-sun 00:00-24:00' }, { clock });
});
afterAll(async () => {
  await app.close();
});

describe('who can take a transfer', () => {
  it('alone: the only advisor sees nobody else', async () => {
    accounts.Amina = await createAdvisor(app.db, 'Amina');
    const amina = await signIn('Amina');
    const { json } = await amina.get('/advisors');
    expect(json.advisors.map((a: any) => a.name)).toEqual(['Amina']);
  });

  it('signed in and on the console, signed in but away, or not signed in; and how many conversations each holds', async () => {
    accounts.Yassine = await createAdvisor(app.db, 'Yassine');
    accounts.Karim = await createAdvisor(app.db, 'Karim');
    accounts.Khadija = await createAdvisor(app.db, 'Khadija', 'admin');
    const yassine = await signIn('Yassine');
    await webchatAsksAdvisor(app, 'team-person-1', { language: 'Français', province: 'Tiznit', message: "J'ai besoin d'aide" });
    const ticket = await yassine.waitingTicketFor();
    expect((await yassine.post(`/tickets/${ticket.id}/claim`)).status).toBe(200);
    clock.advance(20 * 60_000); // Yassine's tab is closed: no sign of life for 20 minutes
    const amina = await signIn('Amina');
    const byName = Object.fromEntries((await amina.get('/advisors')).json.advisors.map((a: any) => [a.name, a]));
    expect(byName.Amina).toMatchObject({ signedIn: true, online: true, openTickets: 0 });
    expect(byName.Yassine).toMatchObject({ signedIn: true, online: false, openTickets: 1 });
    expect(byName.Karim).toMatchObject({ signedIn: false, online: false, lastSeenAt: null });
    // Yassine comes back: any page of the console is a sign of life.
    await yassine.get('/tickets');
    const again = (await amina.get('/advisors')).json.advisors.find((a: any) => a.name === 'Yassine');
    expect(again).toMatchObject({ online: true });
    // Signed out: no longer signed in.
    await yassine.post('/logout');
    clock.advance(10 * 60_000);
    const out = (await amina.get('/advisors')).json.advisors.find((a: any) => a.name === 'Yassine');
    expect(out).toMatchObject({ signedIn: false, online: false, openTickets: 1 });
  });
});

describe("the ticket page offers only what one's role allows (handoff/ticketPermissions.ts)", () => {
  it("a colleague's claimed ticket: no reply, note, transfer or close for an advisor; transfer and close for an admin", async () => {
    const amina = await signIn('Amina');
    await webchatAsksAdvisor(app, 'team-person-roles', { language: 'Français', province: 'Taroudant', message: "Besoin d'aide pour l'école de mon fils" });
    const ticket = await amina.waitingTicketFor((t) => t.province === 'taroudant');
    const page = async (who: AdvisorClient) => (await app.request(`/advisor/tickets/${ticket.id}`, { headers: { cookie: who.cookie } })).text();
    const forms = (html: string) => ['claim', 'reply', 'note', 'transfer', 'close'].filter((a) => html.includes(`action="/advisor/tickets/${ticket.id}/${a}"`));
    // Waiting: anyone claims or leaves a note; an advisor claims before closing.
    expect(forms(await page(amina))).toEqual(['claim', 'note']);
    expect((await amina.post(`/tickets/${ticket.id}/claim`)).status).toBe(200);
    expect(forms(await page(amina))).toEqual(['reply', 'note', 'transfer', 'close']);
    const yassine = await signIn('Yassine');
    const seen = await page(yassine);
    expect(forms(seen)).toEqual([]);
    expect(seen).toContain('Un autre conseiller a cette conversation.');
    const khadija = await signIn('Khadija');
    expect(forms(await page(khadija))).toEqual(['note', 'transfer', 'close']);
    // The admin's transfer offers neither herself nor Amina, who has it.
    const transfer = (await page(khadija)).split('id="transfer-to"')[1]!.split('</fieldset>')[0]!;
    expect(transfer).toContain('Yassine');
    expect(transfer).not.toContain('Amina');
    expect(transfer).not.toContain('Khadija');
  });
});

describe('the audit log', () => {
  it("reads as actions in the admin's language, filtered by advisor, action and day, with views folded", async () => {
    const amina = await signIn('Amina');
    const khadija = await signIn('Khadija');
    await webchatAsksAdvisor(app, 'team-person-2', { language: 'Français', province: 'Tata', message: 'Bonjour, une question sur mon récépissé' });
    const ticket = await amina.waitingTicketFor((t) => t.province === 'tata');
    for (let i = 0; i < 3; i++) await amina.get(`/tickets/${ticket.id}`);
    await amina.post(`/tickets/${ticket.id}/claim`);
    await amina.get(`/tickets/${ticket.id}`);
    await amina.get(`/tickets/${ticket.id}`);
    await amina.post(`/tickets/${ticket.id}/transfer`, { advisorId: accounts.Karim!.id });

    const log = (await khadija.get(`/audit?advisor=${accounts.Amina!.id}&lang=en`)).json.entries.filter((e: any) => e.target === ticket.id);
    expect(log.map((e: any) => [e.label, e.count])).toEqual([
      ['Transferred it to Karim', 1],
      ['Read the conversation', 2],
      ['Took the conversation', 1],
      ['Read the conversation', 3],
    ]);
    expect(log[0].targetPseudonym).toBe(ticket.pseudonym);
    expect(log[1].firstAt).toBeLessThanOrEqual(log[1].at);
    // Unfolded on request.
    expect((await khadija.get(`/audit?advisor=${accounts.Amina!.id}&action=view&fold=0`)).json.entries.filter((e: any) => e.target === ticket.id)).toHaveLength(5);

    // By action: closing, in French.
    const karim = await signIn('Karim');
    await karim.post(`/tickets/${ticket.id}/close`, { outcome: 'follow_up' });
    const closes = (await khadija.get('/audit?action=close&lang=fr')).json.entries;
    expect(closes.map((e: any) => e.label)).toContain('A clôturé : Suivi nécessaire');
    expect(closes.every((e: any) => e.action.startsWith('close:'))).toBe(true);

    // By day (the Center's days): today has them, tomorrow nothing yet.
    expect((await khadija.get('/audit?from=2026-12-02&to=2026-12-02')).json.entries.length).toBeGreaterThan(5);
    expect((await khadija.get('/audit?from=2026-12-03')).json.entries).toEqual([]);
    expect((await khadija.get('/audit?action=dance')).status).toBe(400);
    expect((await khadija.get('/audit?from=yesterday')).status).toBe(400);
    expect((await amina.get('/audit')).status).toBe(403);
  });
});
