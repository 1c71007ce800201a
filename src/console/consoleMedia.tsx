/** @jsxImportSource hono/jsx */
import type { MediaView } from '../media/mediaPorts.js';
import type { T } from './consolePages.js';

const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`);

/**
 * A photo, voice note or document in a ticket's history: shown, played or offered for download
 * once fetched; "downloading…", "could not be downloaded" (with a retry) or why it was not kept
 * otherwise. The file is served by /advisor/media/<id> (signed-in advisors, open tickets only).
 */
export function MediaInHistory(props: { t: T; media: MediaView; csrf?: string; maxMb: number }) {
  const { t, media: m } = props;
  const url = `/advisor/media/${m.id}`;
  const body = (() => {
    if (m.status === 'stored' && m.contentType?.startsWith('image/')) {
      return (
        <a href={url} target="_blank" rel="noopener">
          <img src={url} alt={t('ticket.media.image_alt')} loading="lazy" />
        </a>
      );
    }
    if (m.status === 'stored' && m.contentType?.startsWith('audio/')) {
      return <audio controls preload="metadata" src={url}></audio>;
    }
    if (m.status === 'stored') {
      return (
        <a href={url} download class="download">
          {t('ticket.media.download_pdf', { size: kb(m.size ?? 0) })}
        </a>
      );
    }
    if (m.status === 'pending') return <span class="media-state">{t('ticket.media.pending')}</span>;
    if (m.status === 'failed') {
      return (
        <span class="media-state failed">
          {t('ticket.media.failed')}{' '}
          {props.csrf && (
            <form method="post" action={`${url}/retry`} class="inline">
              <input type="hidden" name="_csrf" value={props.csrf} />
              <button type="submit">{t('ticket.media.retry')}</button>
            </form>
          )}
        </span>
      );
    }
    const why = m.status === 'refused' ? `ticket.media.refused_${m.reason === 'too_large' ? 'too_large' : 'type'}` : `ticket.media.erased_${m.reason === 'retention' ? 'retention' : 'ticket_closed'}`;
    return <span class="media-state">{t(why, { mb: props.maxMb })}</span>;
  })();
  return (
    <div class={`attachment ${m.kind}`} data-media={m.id} data-status={m.status}>
      {body}
    </div>
  );
}

export const MEDIA_CSS = `
.attachment{margin:.3rem 0;white-space:normal}
.attachment img{display:block;max-width:min(100%,320px);max-height:260px;border-radius:6px;border:1px solid #d7d5ce;background:#fff}
.attachment audio{width:min(100%,300px);display:block}
.attachment .media-state{font-size:.85rem;color:#5d5d5a}
.attachment .media-state.failed{color:#8a1c1c}
.attachment form.inline{margin:0 0 0 .3rem}
`;
