/**
 * The web chat's style. Text is sized in rem, so it follows the phone's text setting (200 % makes
 * every word twice as large, nothing is cut); spacing that need not grow is in px, and gives way
 * when the screen is narrow for the text (20em: a 320 px phone, or any phone at 200 %). Words wrap
 * between words: a word is broken only when it is longer than a whole line (a long web address).
 * Every colour pair is at least WCAG AA: text 4.5:1, borders of controls 3:1 (test/browser).
 */
export const WEBCHAT_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:48rem;min-height:100vh;min-height:100dvh;display:flex;flex-direction:column;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic","Noto Sans",sans-serif;background:#f4f1ea;color:#1d1d1b}
header{background:#0b6e4f;color:#fff;padding:8px 12px}
h1{margin:0;font-size:1.25rem;line-height:1.3}
header p{margin:2px 0 0;font-size:.875rem}
main{flex:1;padding:8px 6px}
#log{display:flex;flex-direction:column;gap:8px}
.msg{max-width:100%;padding:8px 10px;border-radius:12px;white-space:pre-wrap;overflow-wrap:break-word;word-break:normal;hyphens:manual;background:#fff;box-shadow:0 1px 1px rgba(0,0,0,.1)}
.msg.bot,.msg.advisor{align-self:flex-start;margin-inline-end:min(2rem,4%)}
.msg.advisor{border-inline-start:4px solid #a86a00}
.msg.me{align-self:flex-end;margin-inline-start:min(2rem,4%);background:#d7f0e3}
.msg.me.not-saved{background:#fde8e8;border:1px dashed #8a1c1c}
.msg:focus{outline:none}
.msg:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
.iso{white-space:nowrap}
.who{display:block;font-size:.8125rem;color:#55554f;margin-bottom:2px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.waiting-note{display:block;margin-top:2px;font-size:.8125rem;font-style:italic;color:#5c4100}
.failed-note{display:block;margin-top:2px;font-size:.8125rem;color:#8a1c1c}
.choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}
button{font:inherit;cursor:pointer}
.choices button{font-size:.9375rem;line-height:1.3;padding:8px 12px;border-radius:1.25rem;border:1px solid #0b6e4f;background:#fff;color:#0b5c42;min-height:44px;text-align:start;white-space:normal}
.choices button:disabled{cursor:default;color:#55554f;border-color:#8f8f89;background:#f1f0ec}
button:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
a{color:#0a4d85}
form{position:sticky;bottom:0;display:flex;flex-wrap:wrap;align-items:flex-end;gap:6px 8px;padding:8px;background:#fff;border-top:1px solid #8f8f89}
#status{flex-basis:100%;margin:0;font-size:.875rem;color:#8a1c1c}
#status:empty{display:none}
label{flex-basis:100%;font-size:.875rem;font-weight:600}
textarea{flex:1 1 12rem;min-width:0;min-height:calc(1.5em + 18px);max-height:40vh;resize:none;field-sizing:content;font:inherit;line-height:1.5;padding:8px 12px;border:1px solid #6b6b66;border-radius:12px;background:#fff;color:#1d1d1b}
textarea::placeholder{color:#66665f;opacity:1}
@media (max-width:20em){main{padding:6px 2px}.msg{padding:6px 8px}.msg.bot,.msg.advisor{margin-inline-end:0}.msg.me{margin-inline-start:0}}
form button{flex:0 0 auto;min-height:44px;padding:8px 16px;border:0;border-radius:1.25rem;background:#0b6e4f;color:#fff;font-weight:600}
`;
