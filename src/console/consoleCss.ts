/** The console's look: one column on a phone, the conversation and its side panel on a laptop. Colours keep AA contrast. */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic",sans-serif;background:#f6f5f2;color:#1d1d1b}
:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
a{color:#0a5c42}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1rem;background:#0b6e4f;color:#fff;padding:.45rem .9rem}
header a{color:#fff;text-decoration:none}
header nav{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem 1rem}
header nav strong{margin-inline-end:.4rem}
header nav a{padding:.2rem 0;border-bottom:2px solid transparent;white-space:nowrap}
header nav a.active{font-weight:600;border-bottom-color:#fff}
header .count{display:inline-block;min-width:1.5em;margin-inline-start:.3rem;padding:0 .35rem;border-radius:9px;background:#fff;color:#0b6e4f;font-size:.78rem;text-align:center;font-weight:600}
header .count.new{background:#ffd166;color:#1d1d1b}
header :focus-visible{outline-color:#ffd166}
header form.search{flex:1 1 12rem;max-width:26rem;margin:0}
header form.search input{border:0}
header .me{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem .8rem;margin-inline-start:auto}
header .langs{display:inline-flex;gap:.6rem}
header .langs a{font-size:.85rem;text-decoration:underline}
header button{border-color:#fff}
button.ghost{background:transparent;color:#fff;border:1px solid #fff;border-radius:50%;width:2rem;height:2rem;padding:0;font-weight:700}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.45rem;margin:.3rem 0 .6rem}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{padding:.45rem .5rem;border-bottom:1px solid #e3e1da;text-align:start;vertical-align:top}
.table-wrap{overflow-x:auto}
.error{color:#8a1c1c;background:#fde8e8;padding:.5rem;border-radius:6px}
.warning{color:#6b4a00;background:#fff6d6;padding:.5rem;border-radius:6px}
.hint{font-size:.85rem;color:#5d5d5a;margin:.3rem 0}
.hint.warn{color:#8a1c1c}
.empty{background:#fff;border-radius:8px;padding:1rem}
.pages{display:flex;gap:1rem;justify-content:center;align-items:center;margin:1rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dt{color:#5d5d5a}
dd{margin:0}
form{margin:.8rem 0}
form.inline{display:inline-flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin:0}
textarea,input,select{font:inherit;padding:.45rem;border:1px solid #8c8a84;border-radius:6px;width:100%;background:#fff;color:#1d1d1b}
button{font:inherit;padding:.45rem .9rem;border:1px solid #0b6e4f;border-radius:6px;background:#fff;color:#0b6e4f;cursor:pointer}
button.primary{background:#0b6e4f;color:#fff}
.badge{display:inline-block;padding:0 .45rem;border-radius:9px;font-size:.78rem;line-height:1.55;background:#4d4d4a;color:#fff;font-weight:600}
.badge.new{background:#0b6e4f}
.badge.sens{background:#8a1c1c}
.badge.esc{background:#9a4300}
.badge.wa{background:#6b4a00}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:center;margin:.4rem 0 .9rem}
form.filters select,form.filters input[type=date]{width:auto}
form.filters label{display:inline-flex;gap:.35rem;align-items:center}
form.filters input[type=checkbox]{width:auto}
ol.queue{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.45rem}
.ticket .card{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:.15rem .8rem;padding:.55rem .8rem;background:#fff;border:1px solid #e3e1da;border-inline-start:5px solid #e3e1da;border-radius:8px;color:inherit;text-decoration:none}
.ticket .card:hover{border-color:#0b6e4f}
.ticket.selected .card{box-shadow:0 0 0 2px #0b6e4f}
.ticket.sensitive .card{border-inline-start-color:#8a1c1c}
.ticket.escalated .card{border-inline-start-color:#9a4300;background:#fff8f0}
.ticket.unread .card{border-inline-start-color:#0b6e4f}
.line1{grid-column:1/-1;display:flex;flex-wrap:wrap;align-items:center;gap:.35rem}
.line1 .age{margin-inline-start:auto;color:#5d5d5a;font-size:.85rem}
.pseudonym{font-weight:700;font-family:ui-monospace,Menlo,Consolas,monospace}
.preview{grid-column:1/-1;display:flex;gap:.3rem;min-width:0}
.preview .who{flex:none}
.preview bdi{display:block;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.ticket.unread .preview{font-weight:600}
.preview .who{color:#5d5d5a;font-weight:400}
.meta{color:#5d5d5a;font-size:.85rem}
.ticket .state{font-size:.85rem;text-align:end}
.ticket.closed .card{background:#fbfaf7}
.ticket-top{display:flex;justify-content:space-between;flex-wrap:wrap;gap:.5rem 1rem}
.neighbours{display:flex;gap:1rem}
.neighbours .off{color:#6b6963}
.ticket-grid{display:grid;gap:1rem;margin-top:.5rem}
.ticket-head h1{margin:.1rem 0 .2rem}
.ticket-head p{margin:.2rem 0}
.ticket-head .state{color:#3d3d3a}
.ticket-head .ended{font-weight:600}
.window{padding:.5rem .7rem;border-radius:6px}
.window.open{background:#e6f4ec;color:#0b4f38}
.window.soon{background:#fff6d6;color:#6b4a00}
.window.closed{background:#fde8e8;color:#8a1c1c}
.history{list-style:none;display:flex;flex-direction:column;gap:.4rem;max-height:60vh;overflow-y:auto;background:#fff;padding:.6rem;border-radius:8px;margin:.6rem 0}
.history .day{align-self:center;font-size:.8rem;color:#4d4d4a;background:#f1f1ee;padding:.1rem .7rem;border-radius:9px}
.msg{max-width:85%;padding:.45rem .7rem;border-radius:10px;white-space:pre-wrap;overflow-wrap:break-word}
.msg.person{align-self:flex-start;background:#eef3f8}
.msg.bot{align-self:flex-end;background:#f1f1ee}
.msg.advisor{align-self:flex-end;background:#d7f0e3}
.msg[dir=rtl]{text-align:right}
.msg .from{display:block;font-size:.75rem;color:#4d4d4a}
.msg .foot{display:flex;flex-wrap:wrap;gap:.6rem;font-size:.72rem;color:#4d4d4a;white-space:normal}
.msg .tap,.msg .media{font-style:italic}
.iso{white-space:nowrap}
.msg .failed{margin:.2rem 0 0;font-size:.8rem;color:#8a1c1c;font-weight:600}
.delivery.failed{color:#8a1c1c;font-weight:600}
#composer form{background:#fff;border-radius:8px;padding:.6rem .8rem;display:flex;flex-direction:column;gap:.4rem}
#composer form button{align-self:flex-start}
details.canned summary{cursor:pointer;color:#0a5c42}
details.canned ul{list-style:none;margin:.3rem 0;padding:0;display:grid;gap:.3rem}
.canned-item{display:block;width:100%;text-align:start;color:#1d1d1b;border-color:#8c8a84}
.canned-item b{display:block}
.canned-item span{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;font-size:.85rem;color:#3d3d3a}
aside section,aside form{background:#fff;border-radius:8px;padding:.6rem .8rem;margin:0 0 .8rem;display:block}
aside h2{font-size:1rem;margin:.1rem 0 .5rem}
aside select{margin:.3rem 0}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:700;margin-bottom:.4rem}
.advisor-choice{display:flex;gap:.5rem;align-items:flex-start;padding:.3rem 0;font-size:.92rem}
.advisor-choice input{width:auto;margin-top:.2rem}
.presence.online{color:#0b6e4f;font-weight:600}
.presence.away,.presence.out,.load{color:#5d5d5a}
.timeline ol,.notes{list-style:none;margin:0;padding:0}
.timeline li,.notes li{padding:.15rem 0;font-size:.9rem}
.timeline time,.notes time{color:#5d5d5a;font-size:.8rem}
.notes p{margin:.1rem 0 .4rem;white-space:pre-wrap}
.login{max-width:360px;margin:3rem auto;display:flex;flex-direction:column;gap:.7rem;background:#fff;padding:1.5rem;border-radius:10px}
.login .langs,footer .langs{display:flex;gap:1rem;justify-content:center}
footer{max-width:1200px;margin:0 auto;padding:1rem;font-size:.85rem;color:#5d5d5a}
dialog{border:0;border-radius:10px;padding:1rem 1.2rem;max-width:440px;width:calc(100% - 2rem)}
dialog::backdrop{background:rgba(0,0,0,.45)}
dialog h2{margin-top:0;font-size:1.15rem}
dl.keys{gap:.35rem 1rem}
kbd{display:inline-block;min-width:1.6em;padding:.05rem .4rem;border:1px solid #8c8a84;border-bottom-width:2px;border-radius:4px;background:#f6f5f2;font:600 .85rem ui-monospace,Menlo,Consolas,monospace;text-align:center}
table.audit tr.folded td{background:#fbfaf7}
table.audit tr.day th{background:#f1f1ee;font-weight:600;color:#3d3d3a}
table.audit .times{color:#5d5d5a;font-size:.85rem}
table.audit .gone{color:#5d5d5a;font-style:italic}
@media (min-width:960px){.ticket-grid{grid-template-columns:minmax(0,1fr) 330px;align-items:start}}
@media (max-width:600px){
  main{padding:.6rem}
  header{padding:.4rem .6rem}
  header form.search{flex-basis:100%;max-width:none;order:3}
  header .who,header .langs{display:none}
  .ticket .card{grid-template-columns:minmax(0,1fr)}
  .ticket .state{text-align:start}
  .history{max-height:58vh}
  .msg{max-width:92%}
  textarea,input,select{font-size:16px}
}
`;
