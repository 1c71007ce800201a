import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WhatsAppWebClient, WhatsAppWebMessage } from '../../src/channels/whatsappWeb/whatsAppWebClient.js';

let serial = 0xa1b2c3;

/**
 * WhatsApp's media servers, as the linked phone's browser reaches them: a real HTTP server on
 * 127.0.0.1 holding the files people sent (whatsapp-web.js downloads a message's media there, in
 * its browser, and hands it over as base64: `Message.downloadMedia()`).
 */
export class FakeWhatsAppMediaServer {
  private server: Server | null = null;
  private readonly files = new Map<string, { bytes: Uint8Array; mimetype: string }>();
  readonly downloads: string[] = [];
  failDownloads = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const key = decodeURIComponent((req.url ?? '/').slice(1));
      this.downloads.push(key);
      const file = this.files.get(key);
      if (this.failDownloads > 0 || !file) {
        if (file) this.failDownloads--;
        res.writeHead(file ? 503 : 404);
        return void res.end();
      }
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.byteLength) });
      res.end(Buffer.from(file.bytes));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  put(messageId: string, bytes: Uint8Array, mimetype: string): void {
    this.files.set(messageId, { bytes, mimetype });
  }

  /** What whatsapp-web.js's downloadMedia() gives: the file as base64 with its MIME type, or undefined when WhatsApp no longer has it. */
  async download(messageId: string): Promise<{ mimetype: string; data: string; filesize: number } | null> {
    if (!this.server) throw new Error('fake WhatsApp media server not started');
    const res = await fetch(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${encodeURIComponent(messageId)}`);
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`Evaluation failed: media download ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    return { mimetype: res.headers.get('content-type') ?? 'application/octet-stream', data: bytes.toString('base64'), filesize: bytes.byteLength };
  }
}

/**
 * A fake whatsapp-web.js Client: the adapter's narrow interface over an EventEmitter. The test
 * emits what WhatsApp Web would (qr, ready, message, disconnected) and reads what was sent.
 */
export class FakeWhatsAppWebClient extends EventEmitter implements WhatsAppWebClient {
  readonly sent: { chatId: string; text: string }[] = [];
  initialized = false;
  destroyed = false;
  /** Its Chromium dies while starting (initialize rejects, as puppeteer does when the target closes). */
  crashOnStart = false;
  /** Its Chromium dies at the next send: "disconnected", and the send throws. */
  crashOnSend = false;

  constructor(private readonly mediaServer: FakeWhatsAppMediaServer | null = null) {
    super();
  }

  async downloadMedia(messageId: string): Promise<{ mimetype: string; data: string; filesize?: number | null } | null> {
    if (this.destroyed) throw new Error('Protocol error (Runtime.callFunctionOn): Session closed.');
    return this.mediaServer ? this.mediaServer.download(messageId) : null;
  }

  /** A photo, voice note or document as whatsapp-web.js's Message carries it (`hasMedia`), its file on the media server. */
  receiveMedia(fields: Partial<WhatsAppWebMessage> & { from: string; type: string }, file: { bytes: Uint8Array; mimetype: string }): WhatsAppWebMessage {
    const id = `false_${fields.from}_3EB0${(++serial).toString(16).toUpperCase()}${'0'.repeat(12)}`;
    this.mediaServer?.put(id, file.bytes, file.mimetype);
    return this.receive({ ...fields, id: { _serialized: id }, hasMedia: true });
  }

  async initialize(): Promise<void> {
    if (this.crashOnStart) throw new Error('Protocol error (Target.setAutoAttach): Target closed.');
    this.initialized = true;
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.removeAllListeners();
  }

  async sendMessage(chatId: string, text: string): Promise<{ id: { _serialized: string } }> {
    if (this.crashOnSend) {
      this.emit('disconnected', 'BROWSER_CLOSED');
      throw new Error('Protocol error (Runtime.callFunctionOn): Target closed.');
    }
    if (this.destroyed) throw new Error('Protocol error (Runtime.callFunctionOn): Session closed.');
    this.sent.push({ chatId, text });
    return { id: { _serialized: `true_${chatId}_3EB0${(++serial).toString(16).toUpperCase()}` } };
  }

  /** A message as whatsapp-web.js's Message would carry it (a person's text by default). */
  receive(fields: Partial<WhatsAppWebMessage> & { from: string }): WhatsAppWebMessage {
    const message: WhatsAppWebMessage = {
      id: { _serialized: `false_${fields.from}_3EB0${(++serial).toString(16).toUpperCase()}${'0'.repeat(12)}` },
      body: '',
      type: 'chat',
      hasMedia: false,
      fromMe: false,
      isStatus: false,
      timestamp: Math.floor(Date.now() / 1000),
      ...fields,
    };
    this.emit('message', message);
    return message;
  }
}

/** The factory given to the app: every (re)connection makes a new fake client. */
export class FakeWhatsAppWeb {
  readonly clients: FakeWhatsAppWebClient[] = [];
  /** The next this many clients crash while starting (a crash loop). */
  crashes = 0;

  /** `media`: the media server the clients download from (files in tests that send some). */
  constructor(readonly media: FakeWhatsAppMediaServer | null = null) {}

  readonly factory = (): FakeWhatsAppWebClient => {
    const c = new FakeWhatsAppWebClient(this.media);
    if (this.crashes > 0) {
      this.crashes--;
      c.crashOnStart = true;
    }
    this.clients.push(c);
    return c;
  };

  get current(): FakeWhatsAppWebClient {
    const c = this.clients.at(-1);
    if (!c) throw new Error('no whatsapp-web client yet');
    return c;
  }

  /** Every message sent to a chat, by every client. */
  sentTo(chatId: string): string[] {
    return this.clients.flatMap((c) => c.sent.filter((s) => s.chatId === chatId).map((s) => s.text));
  }

  async waitForClients(n: number, timeoutMs = 10_000): Promise<FakeWhatsAppWebClient> {
    const start = Date.now();
    while (this.clients.length < n || !this.clients[n - 1]!.initialized) {
      if (Date.now() - start > timeoutMs) throw new Error(`fake whatsapp-web: ${n} client(s) not initialized in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.clients[n - 1]!;
  }
}
