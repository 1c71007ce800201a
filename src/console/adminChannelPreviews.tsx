/** @jsxImportSource hono/jsx */
import type { Reply } from '../core/message.js';
import type { I18n } from '../i18n/createI18n.js';
import { renderTelegramReply } from '../channels/telegram/renderTelegramReply.js';
import { renderWhatsAppCloudReply } from '../channels/whatsappCloud/renderWhatsAppCloudReply.js';
import { renderWhatsAppWebReply } from '../channels/whatsappWeb/renderWhatsAppWebReply.js';
import type { T } from './consolePages.js';
import { presentReply } from '../core/presentReply.js';
import { RichText } from './richText.js';

function TelegramText(props: { html: string }) {
  // Telegram's HTML (escaped text, <b> for bold, <a> for a source) shown as text, bold and links, never injected.
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return (
    <>
      {props.html.split(/(<b>[\s\S]*?<\/b>|<a href="[^"]*">[\s\S]*?<\/a>)/g).map((part) => {
        if (part.startsWith('<b>')) return <b>{unescape(part.slice(3, -4))}</b>;
        const a = /^<a href="([^"]*)">([\s\S]*)<\/a>$/.exec(part);
        return a ? <a href={unescape(a[1]!)}>{unescape(a[2]!)}</a> : unescape(part);
      })}
    </>
  );
}

/** How each channel renders the message: the real renderers of src/channels, not an imitation. */
export function ChannelPreviews(props: { t: T; reply: Reply; i18n: I18n }) {
  const { t } = props;
  // Presented as it will leave (isolates in right-to-left text), as the outbox does.
  const reply = presentReply(props.reply);
  const choices = reply.kind === 'text' ? (reply.choices ?? []) : [];
  const telegram = renderTelegramReply(reply);
  const cloud = renderWhatsAppCloudReply(reply, '212600000000', props.i18n);
  const web = renderWhatsAppWebReply(reply, props.i18n);
  return (
    <div class="previews">
      <div class="phone webchat" data-channel="webchat">
        <h3>{t('program.preview.webchat')}</h3>
        <div class="bubble" dir={reply.dir}>
          <RichText text={reply.text} dir={reply.dir} markup={true} />
        </div>
        <div class="keys">
          {choices.map((c) => (
            <span>{c.label}</span>
          ))}
        </div>
      </div>
      <div class="phone telegram" data-channel="telegram">
        <h3>{t('program.preview.telegram')}</h3>
        {telegram.map((m) => (
          <>
            <div class="bubble" dir={reply.dir}>
              <TelegramText html={m.text} />
            </div>
            {m.reply_markup && (
              <div class="keys rows">
                {m.reply_markup.inline_keyboard.map((row) => (
                  <div>
                    {row.map((b) => (
                      <span>{b.text}</span>
                    ))}
                  </div>
                ))}
              </div>
            )}
          </>
        ))}
      </div>
      <div class="phone whatsapp-cloud" data-channel="whatsapp-cloud">
        <h3>{t('program.preview.whatsapp_cloud')}</h3>
        {cloud.map((m) =>
          m.type === 'text' ? (
            <div class="bubble" dir={reply.dir}>
              {m.text.body}
            </div>
          ) : m.type === 'interactive' ? (
            <>
              <div class="bubble" dir={reply.dir}>
                {m.interactive.body.text}
              </div>
              {m.interactive.type === 'button' ? (
                <div class="keys rows">
                  {m.interactive.action.buttons.map((b) => (
                    <div>
                      <span>{b.reply.title}</span>
                    </div>
                  ))}
                </div>
              ) : (
                <div class="keys rows">
                  <div>
                    <span>☰ {m.interactive.action.button}</span>
                  </div>
                  {m.interactive.action.sections.flatMap((s) => s.rows).map((r) => (
                    <div class="muted">
                      <span>{r.title}</span>
                    </div>
                  ))}
                </div>
              )}
            </>
          ) : null,
        )}
        <p class="note">{t('program.preview.window_note')}</p>
      </div>
      <div class="phone whatsapp-web" data-channel="whatsapp-web">
        <h3>{t('program.preview.whatsapp_web')}</h3>
        {web.texts.map((text) => (
          <div class="bubble" dir={reply.dir}>
            {text}
          </div>
        ))}
      </div>
    </div>
  );
}
