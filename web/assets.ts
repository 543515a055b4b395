// The one stylesheet of the portal and the workbench, served from /web-assets/desk.css so the
// pages can forbid inline styles and scripts (Content-Security-Policy in web/render.tsx).
// Relative units throughout: pages stay readable at 200 % zoom and on narrow screens.
export const DESK_CSS = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#d5dae3; --bg:#f6f7f9; --card:#fff; --accent:#1f5fbf;
  --ok:#1e7d3a; --ok-bg:#e3f4e8; --warn:#8a5a00; --warn-bg:#fff1cc; --bad:#b3261e; --bad-bg:#fde4e1; --focus:#ffbf47; }
* { box-sizing: border-box; }
body { margin:0; font: 1rem/1.5 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline:3px solid var(--focus); outline-offset:2px; }
.skip { position:absolute; left:-999em; } .skip:focus { left:1em; top:.5em; background:#fff; padding:.25em .5em; z-index:2; }
header.top { background:#14213d; color:#fff; padding:.6em 1em; display:flex; flex-wrap:wrap; gap:.5em 1.5em; align-items:center; }
header.top a, header.top button.link { color:#fff; }
header.top .brand { font-weight:700; font-size:1.1rem; color:#fff; text-decoration:none; }
header.top nav { display:flex; flex-wrap:wrap; gap:.25em 1em; align-items:center; }
header.top .who { margin-left:auto; display:flex; flex-wrap:wrap; gap:.5em 1em; align-items:center; font-size:.9rem; }
header.top form { display:inline; margin:0; }
button.link { background:none; border:0; padding:0; font:inherit; text-decoration:underline; cursor:pointer; color:var(--accent); }
main { max-width:78rem; margin:0 auto; padding:1em; }
main.narrow { max-width:44rem; }
h1 { font-size:1.5rem; margin:.4em 0 .6em; overflow-wrap:anywhere; }
h2 { font-size:1.15rem; margin:1.2em 0 .5em; }
.card { background:var(--card); border:1px solid var(--line); border-radius:.4em; padding:1em; margin:0 0 1em; }
.card > h2:first-child { margin-top:0; }
.notice { border-left:.3em solid var(--accent); background:#e8f0fc; padding:.6em .9em; margin:0 0 1em; }
.notice.error { border-color:var(--bad); background:var(--bad-bg); }
.notice.ok { border-color:var(--ok); background:var(--ok-bg); }
.muted { color:var(--muted); }
footer { max-width:78rem; margin:2rem auto 1rem; padding:0 1rem; color:var(--muted); font-size:.85rem; }
label { display:block; font-weight:600; margin:.8em 0 .25em; }
label.inline { display:inline-flex; gap:.35em; font-weight:400; margin:.2em 1em .2em 0; align-items:center; }
.hint { display:block; font-weight:400; color:var(--muted); font-size:.85rem; }
input[type=text], input[type=email], input[type=password], input[type=datetime-local], select, textarea {
  display:block; font:inherit; width:100%; max-width:40rem; padding:.45em .55em; border:1px solid #8a93a3; border-radius:.3em; background:#fff; }
textarea { min-height:6em; }
fieldset { max-width:40rem; border:1px solid var(--line); border-radius:.3em; margin:.8em 0; padding:.4em .9em .7em; }
legend { font-weight:600; padding:0 .3em; }
button, .button { font:inherit; background:var(--accent); color:#fff; border:0; border-radius:.3em; padding:.5em 1.1em; cursor:pointer; margin-top:.8em; text-decoration:none; display:inline-block; }
button.secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); }
button.danger { background:var(--bad); }
table { border-collapse:collapse; width:100%; background:var(--card); }
th, td { text-align:left; padding:.45em .6em; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f5; font-size:.9rem; white-space:nowrap; }
td.number { white-space:nowrap; }
td.title { overflow-wrap:anywhere; min-width:12em; }
.table-wrap { position:relative; overflow-x:auto; border:1px solid var(--line); border-radius:.4em; }
.badge { display:inline-block; padding:0 .5em; border-radius:1em; font-size:.85rem; white-space:nowrap; border:1px solid var(--line); background:#fff; }
.badge.P1 { background:var(--bad); color:#fff; border-color:var(--bad); }
.badge.P2 { background:#e8710a; color:#fff; border-color:#e8710a; }
.badge.P3 { background:#fff1cc; }
.clock { display:inline-block; white-space:nowrap; padding:0 .45em; border-radius:.25em; font-size:.88rem; }
.clock.ok { background:var(--ok-bg); color:var(--ok); }
.clock.warning { background:var(--warn-bg); color:var(--warn); font-weight:600; }
.clock.breached { background:var(--bad-bg); color:var(--bad); font-weight:700; }
.tabs { display:flex; flex-wrap:wrap; gap:.3em; margin:0 0 1em; padding:0; list-style:none; }
.tabs a { display:block; padding:.35em .8em; border:1px solid var(--line); border-radius:.3em; background:#fff; text-decoration:none; }
.tabs a[aria-current=page] { background:var(--accent); color:#fff; border-color:var(--accent); }
.filters { display:flex; flex-wrap:wrap; gap:.2em 1em; align-items:flex-end; }
.filters label { margin:.2em 0; font-size:.9rem; } .filters select { width:auto; min-width:8em; max-width:100%; } .filters > div { max-width:100%; } .filters button { margin:.2em 0; }
.grid { display:grid; grid-template-columns: minmax(0,2fr) minmax(0,1fr); gap:1em; }
@media (max-width: 60em) { .grid { grid-template-columns: minmax(0,1fr); } }
dl.facts { display:grid; grid-template-columns: max-content minmax(0,1fr); gap:.2em 1em; margin:0; }
dl.facts dt { font-weight:600; color:var(--muted); } dl.facts dd { margin:0; overflow-wrap:anywhere; white-space:pre-wrap; }
.entry { border:1px solid var(--line); border-radius:.4em; padding:.6em .8em; margin:0 0 .7em; background:#fff; }
.entry.internal { background:#fff8e1; border-style:dashed; }
.entry.you { background:#eef5ff; }
.entry header { font-size:.88rem; color:var(--muted); display:flex; flex-wrap:wrap; gap:.2em .8em; }
.entry .body { white-space:pre-wrap; overflow-wrap:anywhere; margin-top:.3em; }
.bar { margin:.5em 0 .9em; }
.bar .track { position:relative; height:.9em; background:#e6e9ef; border-radius:.45em; overflow:hidden; border:1px solid var(--line); }
.bar .fill { position:absolute; left:0; top:0; bottom:0; background:var(--ok); }
.bar.warning .fill { background:#d08a00; } .bar.breached .fill { background:var(--bad); } .bar.met .fill, .bar.stopped .fill { background:#8a93a3; }
.bar .legend { font-size:.88rem; display:flex; flex-wrap:wrap; gap:.1em 1em; }
ol.timeline { list-style:none; padding:0; margin:0; font-size:.9rem; }
ol.timeline li { border-left:2px solid var(--line); padding:.1em 0 .5em .8em; overflow-wrap:anywhere; }
details.action { border:1px solid var(--line); border-radius:.3em; margin:.4em 0; background:#fff; }
details.action > summary { cursor:pointer; padding:.45em .7em; font-weight:600; }
details.action > form { padding:0 .7em .7em; }
.pager { display:flex; gap:1em; align-items:center; margin:1em 0; }
${Array.from({ length: 21 }, (_, i) => `.bar .fill.w${i * 5} { width:${i * 5}%; }`).join('\n')}
.sr-only { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
`;
