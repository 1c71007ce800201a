import { Api } from 'grammy';
import { cliConfig } from '../runtime/environment.js';
import { redactSecrets } from '../config/configSchema.js';
import { TELEGRAM_ALLOWED_UPDATES } from '../channels/telegram/telegramChannel.js';

/** npm run telegram:webhook -- set|delete|info — manages the bot's webhook at Telegram. */
const action = process.argv[2];
if (!['set', 'delete', 'info'].includes(action ?? '')) {
  console.error('usage: npm run telegram:webhook -- set|delete|info');
  process.exit(2);
}
const config = cliConfig();
const c = config;
if (!c.TELEGRAM_BOT_TOKEN) {
  console.error('tawjih: set TELEGRAM_BOT_TOKEN first (from @BotFather)');
  process.exit(1);
}
const api = new Api(c.TELEGRAM_BOT_TOKEN, { apiRoot: c.TELEGRAM_API_ROOT });
try {
  if (action === 'set') {
    if (!c.PUBLIC_URL || !c.TELEGRAM_WEBHOOK_SECRET) {
      console.error('tawjih: a webhook needs PUBLIC_URL (https) and TELEGRAM_WEBHOOK_SECRET');
      process.exit(1);
    }
    const url = `${c.PUBLIC_URL.replace(/\/$/, '')}/telegram/webhook`;
    await api.setWebhook(url, { secret_token: c.TELEGRAM_WEBHOOK_SECRET, allowed_updates: [...TELEGRAM_ALLOWED_UPDATES], max_connections: 40 });
    console.log(`webhook set: ${url}`);
  } else if (action === 'delete') {
    await api.deleteWebhook();
    console.log('webhook deleted: the bot can use long polling (npm start without PUBLIC_URL)');
  } else {
    const info = await api.getWebhookInfo();
    console.log(JSON.stringify(info, null, 2));
  }
} catch (error) {
  console.error(`tawjih: Telegram refused: ${redactSecrets(error instanceof Error ? error.message : String(error), config)}`);
  process.exit(1);
}
