/** @jsxImportSource hono/jsx */
import { parseMarkup } from '../core/replyMarkup.js';
import { directionOf, FSI, isolateFor, PDI } from '../i18n/bidiIsolate.js';

/**
 * A message as the console shows it: in right-to-left text every left-to-right run (a phone
 * number, a date, a link) is isolated, as the person saw it; the bot's and advisors' markup is
 * rendered (`**bold**` as bold, a source as its publisher's name linked), never shown raw. What
 * the person wrote is shown as text: a link they sent is not made clickable for the advisor.
 */
export function RichText(props: { text: string; dir: 'rtl' | 'ltr'; markup: boolean }) {
  const text = isolateFor(props.text, props.dir);
  if (!props.markup) return <Unbroken text={text} />;
  return (
    <>
      {parseMarkup(text).map((s) =>
        s.kind === 'bold' ? (
          <strong>{s.text}</strong>
        ) : s.kind === 'link' ? (
          <a href={s.url} target="_blank" rel="noopener noreferrer">
            {s.label}
          </a>
        ) : s.kind === 'url' ? (
          <a href={s.url} target="_blank" rel="noopener noreferrer">
            {s.url}
          </a>
        ) : (
          <Unbroken text={s.text} />
        ),
      )}
    </>
  );
}

/** A short isolated run (a phone number, a date, a time) is never cut across two lines, as on the web chat page. */
function Unbroken(props: { text: string }) {
  return <>{props.text.split(/([\u2066-\u2068][^\u2066-\u2069]{1,24}\u2069)/).map((part, i) => (i % 2 ? <span class="iso">{part}</span> : part))}</>;
}

/** Text someone typed, shown in an admin page: its left-to-right runs isolated if it reads right to left, the whole in an FSI isolate so that what follows it keeps its place. */
export function typedText(text: string): string {
  return FSI + isolateFor(text, directionOf(text)) + PDI;
}
