import { parseConfig, redactSecrets } from '../config/configSchema.js';
import { startNode } from './startNode.js';

/** Node entry point: the only place (with worker.ts) that reads the environment. */
const parsed = parseConfig(process.env);
if (!parsed.ok) {
  console.error(`tawjih: ${parsed.message}`);
  process.exit(1);
}
try {
  const running = await startNode(parsed.config);
  const shown = parsed.config.HOST === '127.0.0.1' ? 'localhost' : parsed.config.HOST;
  console.log(`tawjih is running: open http://${shown}:${running.port}`);
  const shutdown = async (signal: string) => {
    console.log(`tawjih: ${signal} received, stopping`);
    await running.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  // One line (journald, systemctl status): what is wrong, never a secret.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`tawjih: cannot start: ${redactSecrets(message.replace(/\s*\n\s*/g, ' '), parsed.config)}`);
  process.exit(1);
}
