import { dirname, join } from 'node:path';
import type { WhatsAppWebClient } from './whatsAppWebClient.js';

export interface RealWhatsAppWebClientOptions {
  /** LocalAuth's directory: the linked session survives a restart (no new scan). */
  sessionDir: string;
  /** Debian's Chromium by default (WHATSAPP_CHROMIUM_PATH). */
  chromiumPath: string;
  /** The process runs as root (a container): Chromium then runs without its sandbox. */
  asRoot: boolean;
}

/**
 * The real whatsapp-web.js client, behind the adapter's narrow interface. whatsapp-web.js (and
 * Puppeteer) are loaded here only, when WHATSAPP_WEB=1: nothing else imports them.
 */
export async function createRealWhatsAppWebClient(o: RealWhatsAppWebClientOptions): Promise<WhatsAppWebClient> {
  const mod = await import('whatsapp-web.js');
  const { Client, LocalAuth } = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const client = new Client({
    authStrategy: new LocalAuth({ dataPath: o.sessionDir }),
    puppeteer: {
      executablePath: o.chromiumPath,
      headless: true,
      // Chromium refuses to run as root with its sandbox (a container): only then without it.
      args: o.asRoot ? ['--no-sandbox', '--disable-setuid-sandbox'] : [],
    },
  });
  client.on('qr', printQrInTerminal);
  return {
    on(event: string, listener: (...args: never[]) => void) {
      client.on(event as 'ready', listener as () => void);
      return this;
    },
    async sendMessage(chatId, text) {
      const sent = await client.sendMessage(chatId, text, { linkPreview: false });
      return { id: { _serialized: sent.id._serialized } };
    },
    async downloadMedia(messageId) {
      const message = await client.getMessageById(messageId);
      if (!message?.hasMedia) return null;
      const media = await message.downloadMedia();
      return media ? { mimetype: media.mimetype, data: media.data, filesize: media.filesize ?? null } : null;
    },
    async initialize() {
      await client.initialize();
      // whatsapp-web.js says nothing when its Chromium dies: the adapter hears it as a disconnect (and reconnects).
      client.pupBrowser?.on('disconnected', () => void client.emit('disconnected', 'BROWSER_CLOSED'));
    },
    destroy: () => client.destroy(),
  };
}

/** Where the linked session is kept: next to the database file (data/ by default). */
export function whatsAppSessionDir(databaseUrl: string): string {
  const file = /^file:(.+)$/.exec(databaseUrl)?.[1];
  return join(file ? dirname(file) : 'data', 'whatsapp-session');
}

/**
 * Shows the QR code to scan in the terminal. qrcode-terminal is not a dependency of
 * whatsapp-web.js, so the raw code is printed with a way to draw it.
 */
export function printQrInTerminal(qr: string): void {
  console.log(
    [
      '',
      'WhatsApp: link the Center\'s phone. On the phone: WhatsApp > Settings > Linked devices > Link a device, then scan this code.',
      'Draw it with: qrencode -t ansiutf8 "<the code below>"  (apt-get install qrencode), or read it from GET /admin/whatsapp/qr.',
      qr,
      '',
    ].join('\n'),
  );
}
