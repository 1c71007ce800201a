import { GrammyError, type Api } from 'grammy';
import type { FetchedMedia, MediaSource } from '../../media/mediaPorts.js';
import { readCapped, statusOutcome } from '../../media/readCapped.js';

/**
 * Telegram's files: `getFile` gives a `file_path`, downloaded from
 * `<api root>/file/bot<token>/<file_path>` (valid for at least an hour; a bot may download up to
 * 20 MB). The URL holds the bot's token: it is never logged, nor any part of it.
 */
export function telegramMediaSource(api: Api, o: { token: string; apiRoot: string; fetch?: typeof fetch }): MediaSource {
  const fetcher = o.fetch ?? fetch;
  return {
    async fetch(ref, maxBytes, signal): Promise<FetchedMedia> {
      let path: string | undefined;
      try {
        const file = await api.getFile(ref, signal as Parameters<Api['getFile']>[1]);
        if (file.file_size !== undefined && file.file_size > maxBytes) return { ok: false, reason: 'too_large' };
        path = file.file_path;
      } catch (error) {
        if (error instanceof GrammyError) {
          if (error.error_code === 400 && /too big/i.test(error.description)) return { ok: false, reason: 'too_large' };
          if (error.error_code === 400) return { ok: false, reason: 'gone', error: 'telegram getFile 400' };
          return { ok: false, reason: 'retry', error: `telegram getFile ${error.error_code}` };
        }
        return { ok: false, reason: 'retry', error: 'telegram unreachable' };
      }
      if (!path) return { ok: false, reason: 'gone', error: 'telegram: no file_path' };
      const res = await fetcher(`${o.apiRoot.replace(/\/$/, '')}/file/bot${o.token}/${path}`, { signal });
      if (!res.ok) return statusOutcome(res.status, 'telegram file');
      const bytes = await readCapped(res, maxBytes);
      return bytes === 'too_large' ? { ok: false, reason: 'too_large' } : { ok: true, bytes };
    },
  };
}
