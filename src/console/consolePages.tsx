/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { PBKDF2_ITERATIONS } from '../advisors/passwords.js';
import type { QueueCounts, Session } from '../handoff/handoffPorts.js';
import { CONSOLE_LANGS } from './consoleVocabulary.js';
import { consoleFiles } from './consoleFiles.js';
import { ICON } from '../http/siteIcon.js';
import type { T, View } from './consoleShell.js';
import { QUEUE_STATUSES, queueQuery, withQuery, type QueueParams } from './queueParams.js';

export type { T };

const LANG_NAMES = { fr: 'Français', en: 'English', ar: 'العربية' } as const;
const SHORTCUTS = [
  ['j', 'next'],
  ['k', 'prev'],
  ['r', 'reply'],
  ['n', 'note'],
  ['c', 'close'],
  ['/', 'search'],
  ['?', 'help'],
  ['Esc', 'escape'],
  ['Ctrl+Enter', 'send'],
] as const;

/**
 * Every advisor page: the tabs with their counts, the search, the language, the shortcuts. Parts
 * marked `data-live` are replaced by the page's script when the server says something changed.
 */
export function Layout(props: { view: View; title?: string; session?: Session; active?: string; counts?: QueueCounts; queue?: QueueParams; children: Child }) {
  const { view, session } = props;
  const { t } = view;
  const queue = props.queue ?? { status: 'waiting' as const, q: '', sensitive: false };
  const unread = props.counts?.mineUnread ? `(${props.counts.mineUnread}) ` : '';
  return (
    <html lang={view.lang} dir={view.lang === 'ar' ? 'rtl' : 'ltr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${unread}${props.title ? `${props.title} · ${t('title')}` : t('title')}`}</title>
        <link rel="icon" href={ICON.path} type="image/svg+xml" />
        <link rel="stylesheet" href={consoleFiles().css.path} />
        <script src={consoleFiles().js.path} defer></script>
      </head>
      <body data-live={session ? '1' : '0'} data-now={String(view.fmt.now)}>
        {session && (
          <header>
            <nav id="tabs" data-live aria-label={t('nav.label')}>
              <strong>tawjih</strong>
              {QUEUE_STATUSES.map((s) => (
                <a href={withQuery('/advisor', queueQuery(queue, { status: s }))} class={props.active === s ? 'active' : ''} aria-current={props.active === s ? 'page' : undefined}>
                  {t(`nav.${s}`)}
                  {s !== 'all' && props.counts && <span class={`count${s === 'mine' && props.counts.mineUnread ? ' new' : ''}`}>{props.counts[s]}</span>}
                </a>
              ))}
              {session.advisor.role === 'admin' && (
                <a href="/advisor/audit" class={props.active === 'audit' ? 'active' : ''}>
                  {t('nav.audit')}
                </a>
              )}
              {session.advisor.role === 'admin' && <a href="/advisor/admin">{t('nav.program')}</a>}
            </nav>
            <form method="get" action="/advisor" class="search" role="search">
              {queue.status !== 'waiting' && <input type="hidden" name="status" value={queue.status} />}
              {queue.channel && <input type="hidden" name="channel" value={queue.channel} />}
              {queue.language && <input type="hidden" name="language" value={queue.language} />}
              {queue.sensitive && <input type="hidden" name="sensitive" value="1" />}
              <input type="search" id="search" name="q" value={queue.q} placeholder={t('nav.search_placeholder')} aria-label={t('nav.search')} maxlength={200} />
            </form>
            <div class="me">
              <button type="button" id="shortcuts-open" class="ghost" aria-haspopup="dialog" title={t('nav.shortcuts')} aria-label={t('nav.shortcuts')}>
                ?
              </button>
              <span class="langs">
                {CONSOLE_LANGS.filter((l) => l !== view.lang).map((l) => (
                  <a href={`?lang=${l}`} lang={l} hreflang={l}>
                    {LANG_NAMES[l]}
                  </a>
                ))}
              </span>
              <form method="post" action="/advisor/logout" class="inline" id="logout">
                <input type="hidden" name="_csrf" value={session.csrfToken} />
                <span class="who">{session.advisor.name}</span> <button type="submit">{t('nav.logout')}</button>
              </form>
            </div>
          </header>
        )}
        <main>{props.children}</main>
        {session && (
          <footer>
            <p class="langs">
              {CONSOLE_LANGS.map((l) => (
                <a href={`?lang=${l}`} lang={l} hreflang={l} aria-current={l === view.lang ? 'true' : undefined}>
                  {LANG_NAMES[l]}
                </a>
              ))}
            </p>
          </footer>
        )}
        {session && (
          <dialog id="shortcuts" aria-labelledby="shortcuts-title">
            <h2 id="shortcuts-title">{t('shortcuts.heading')}</h2>
            <dl class="keys">
              {SHORTCUTS.map(([key, what]) => (
                <>
                  <dt>
                    <kbd>{key}</kbd>
                  </dt>
                  <dd>{t(`shortcuts.${what}`)}</dd>
                </>
              ))}
            </dl>
            <p class="hint">{t('shortcuts.not_while_typing')}</p>
            <form method="dialog">
              <button type="submit">{t('shortcuts.close_list')}</button>
            </form>
          </dialog>
        )}
      </body>
    </html>
  );
}

export function LoginPage(props: { view: View; error?: string; csrf: string; email?: string }) {
  const { t } = props.view;
  return (
    <Layout view={props.view}>
      <form method="post" action="/advisor/login" class="login" id="login" data-iterations={String(PBKDF2_ITERATIONS)} data-busy={t('login.busy')}>
        <h1>{t('login.heading')}</h1>
        {props.error && (
          <p class="error" role="alert">
            {props.error}
          </p>
        )}
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="key" value="" />
        <label>
          {t('login.email')}
          <input type="email" name="email" required autocomplete="username" value={props.email ?? ''} />
        </label>
        <label>
          {t('login.password')}
          <input type="password" name="password" required autocomplete="current-password" />
        </label>
        <button type="submit" class="primary">
          {t('login.submit')}
        </button>
        <p class="langs">
          {CONSOLE_LANGS.map((l) => (
            <a href={`?lang=${l}`} lang={l} hreflang={l} aria-current={l === props.view.lang ? 'true' : undefined}>
              {LANG_NAMES[l]}
            </a>
          ))}
        </p>
      </form>
    </Layout>
  );
}
