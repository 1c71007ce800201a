/**
 * The linked phone (whatsapp-web.js): a voice note and a photo sent during a handoff reach the
 * advisor through `downloadMedia()`, the fake client downloading them from a media server on
 * 127.0.0.1 as the real one does in its browser. A file WhatsApp no longer has is "could not be
 * downloaded", the message kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { FIXTURES } from './support/mediaFixtures.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { ManualClock } from './support/testServer.js';
import { FakeWhatsAppMediaServer, FakeWhatsAppWeb } from './support/whatsappWebFake.js';
import { WhatsAppWebPerson } from './support/whatsappWebPerson.js';

let cdn: FakeWhatsAppMediaServer;
let fake: FakeWhatsAppWeb;
let app: TestApp;
let clock: ManualClock;
let advisor: AdvisorClient;

beforeAll(async () => {
  cdn = await new FakeWhatsAppMediaServer().start();
  fake = new FakeWhatsAppWeb(cdn);
  clock = new ManualClock();
  app = await startTestApp({ WHATSAPP_WEB: '1', OFFICE_HOURS: 'mon-sun 00:00-23:59' }, { clock, whatsappWebClient: fake.factory });
  const client = await fake.waitForClients(1);
  client.emit('ready');
  const amina = await createAdvisor(app.db, 'Amina');
  advisor = new AdvisorClient(app);
  await advisor.login(amina.email, amina.password);
});
afterAll(async () => {
  await app.close();
  await cdn.stop();
});

async function historyOf(person: WhatsAppWebPerson) {
  const r = await app.db.execute({ sql: "SELECT t.id FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ? AND t.status <> 'closed'", args: [person.chatId] });
  const { json } = await advisor.get(`/tickets/${String(r.rows[0]!.id)}`);
  return json.ticket.history as { from: string; kind: string; media?: { id: string; status: string; contentType: string | null } }[];
}

describe('WhatsApp Web: files during a handoff', () => {
  it('a voice note and a photo reach the advisor; a file WhatsApp lost is "could not be downloaded", the message kept', async () => {
    const person = new WhatsAppWebPerson(fake, app, clock, '212600900001');
    await person.says('bonjour');
    await person.says('4'); // Français
    await person.says('conseiller');
    person.sees('conseiller');
    const send = async (type: string, file: { bytes: Uint8Array; mimetype: string } | null) => {
      const m = file ? fake.current.receiveMedia({ from: person.chatId, type }, file) : fake.current.receive({ from: person.chatId, type, hasMedia: true });
      await person.handled(m.id._serialized);
      await app.app.media.kick();
      await person.drain();
    };
    await send('ptt', { bytes: FIXTURES.ogg, mimetype: 'audio/ogg; codecs=opus' });
    person.last = fake.sentTo(person.chatId).slice(-1);
    person.sees('Bien reçu : le conseiller le verra avec votre demande.');
    await send('image', { bytes: FIXTURES.png, mimetype: 'image/png' });
    await send('document', null);
    for (const wait of [15_000, 60_000, 300_000]) {
      clock.advance(wait + 1000);
      await app.app.media.kick();
    }
    const files = (await historyOf(person)).filter((m) => m.from === 'person' && m.media);
    expect(files.map((m) => [m.kind, m.media!.status, m.media!.contentType])).toEqual([
      ['audio', 'stored', 'audio/ogg'],
      ['image', 'stored', 'image/png'],
      ['document', 'failed', null],
    ]);
    expect(cdn.downloads.length).toBeGreaterThanOrEqual(3);
    const res = await app.request(`/advisor/api/media/${files[0]!.media!.id}`, { headers: { cookie: advisor.cookie } });
    expect(res.headers.get('content-type')).toBe('audio/ogg');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(FIXTURES.ogg);
  });
});
