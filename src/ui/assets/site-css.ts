/** The pages' one stylesheet (light and dark, phone to laptop), served hashed by assets.ts. */
export const SITE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --accent: #0b5cad; --accent-fg: #ffffff; --focus: #d4680b; --warn: #8a4b00; --warn-bg: #fff1d6;
  --ok: #1a7f37; --code-bg: #f6f8fa;
  --y-key: #0550ae; --y-str: #0a3069; --y-num: #953800; --y-bool: #8250df; --y-comment: #6e7781;
  --add: #dafbe1; --remove: #ffebe9; --change: #fff8c5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #161b22;
    --accent: #4493f8; --accent-fg: #0d1117; --focus: #f0883e; --warn: #f0b45a; --warn-bg: #3b2300;
    --ok: #3fb950; --code-bg: #161b22;
    --y-key: #79c0ff; --y-str: #a5d6ff; --y-num: #ffa657; --y-bool: #d2a8ff; --y-comment: #8b949e;
    --add: #033a16; --remove: #4c1414; --change: #3b2f00;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font-size: 1rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible,
summary:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px;
}
.skip { position: absolute; left: -9999px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip:focus { left: 1rem; top: .5rem; background: var(--bg); padding: .25rem .5rem; z-index: 2; }
.site-header { border-bottom: 1px solid var(--line); background: var(--panel); }
.site-header .bar {
  max-width: 72rem; margin: 0 auto; padding: .6rem 1rem;
  display: flex; flex-wrap: wrap; gap: .6rem 1.25rem; align-items: center;
}
.brand { font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; }
.site-nav { display: flex; gap: 1rem; flex-wrap: wrap; }
.site-nav a { text-decoration: none; }
.site-nav a:hover { text-decoration: underline; }
.search-form { display: flex; flex-wrap: wrap; gap: .4rem; flex: 1 1 16rem; max-width: 32rem; align-items: center; }
.search-form label:not(.visually-hidden) { flex-basis: 100%; }
.search-form input[type=search] { flex: 1; min-width: 0; }
.account { margin-left: auto; display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
.account form { margin: 0; }
input, select, button, textarea { font: inherit; color: inherit; }
input[type=search], input[type=text], input[type=password], select, textarea {
  background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .35rem .55rem;
}
button, .button {
  background: var(--accent); color: var(--accent-fg); border: 1px solid var(--accent);
  border-radius: 6px; padding: .35rem .8rem; cursor: pointer; text-decoration: none;
  display: inline-block;
}
button.secondary { background: transparent; color: var(--accent); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
.muted { color: var(--muted); }
.small { font-size: .85rem; }
details summary { cursor: pointer; color: var(--accent); }
.lead { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; }
.table-wrap { overflow-x: auto; }
code, pre, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
pre {
  background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px;
  padding: .75rem; overflow-x: auto; white-space: pre; margin: .5rem 0;
}
.copy-block { display: flex; flex-direction: column; margin: .5rem 0; }
.copy-block pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.copy-block button { order: -1; align-self: flex-end; font-size: .85rem; padding: .1rem .6rem; margin-bottom: .25rem; }
.mark {
  display: inline-block; font-size: .75rem; font-weight: 600; padding: 0 .45rem;
  border-radius: 1rem; border: 1px solid var(--line); vertical-align: middle; white-space: nowrap;
}
.truncated {
  border: 1px solid var(--warn); background: var(--warn-bg); color: var(--warn);
  padding: .35rem .75rem; border-radius: 6px; margin: .5rem 0; font-weight: 600;
}
.mark-deprecated, .mark-truncated { color: var(--warn); background: var(--warn-bg); border-color: var(--warn); }
.mark-prerelease { color: var(--muted); }
.mark-signed { color: var(--ok); border-color: var(--ok); }
.notice {
  border: 1px solid var(--warn); background: var(--warn-bg); color: var(--fg);
  padding: .5rem .75rem; border-radius: 6px; margin: .75rem 0;
}
.cards { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem;
  grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .75rem; background: var(--panel);
  display: flex; gap: .75rem; min-width: 0; }
.card .body { min-width: 0; }
.card h3 { margin: 0 0 .2rem; overflow-wrap: anywhere; }
.card p { margin: .2rem 0; }
.icon { width: 48px; height: 48px; object-fit: contain; flex: none; }
.icon-large { width: 64px; height: 64px; }
.chart-head { display: flex; gap: 1rem; align-items: flex-start; }
.chart-layout { display: grid; gap: 1.5rem; grid-template-columns: minmax(0, 1fr) 20rem; }
.chart-layout aside { min-width: 0; }
.chart-layout aside h2 { font-size: 1.05rem; }
.chart-layout aside ul { padding-left: 1.1rem; margin: .3rem 0; }
@media (max-width: 50rem) {
  .chart-layout { grid-template-columns: minmax(0, 1fr); }
  .account { margin-left: 0; }
}
.tabs { display: flex; flex-wrap: wrap; gap: .25rem; border-bottom: 1px solid var(--line); margin: 1rem 0; padding: 0; list-style: none; }
.tabs a { display: block; padding: .4rem .75rem; text-decoration: none; border: 1px solid transparent; border-bottom: none; border-radius: 6px 6px 0 0; }
.tabs a[aria-current=page] { border-color: var(--line); background: var(--bg); color: var(--fg); font-weight: 600; margin-bottom: -1px; }
.versions { list-style: none; padding: 0; margin: 0; max-height: 24rem; overflow-y: auto; }
.versions li { padding: .2rem 0; border-bottom: 1px solid var(--line); }
.versions a[aria-current=page] { font-weight: 700; color: var(--fg); }
.pagination { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; }
.readme { overflow-wrap: anywhere; }
.readme img { max-width: 100%; }
.align-left { text-align: left; }
.align-right { text-align: right; }
.align-center { text-align: center; }
.readme table { width: auto; }
.readme pre code { font-size: 1em; }
.y-key, .yaml-key { color: var(--y-key); }
.y-str, .yaml-string { color: var(--y-str); }
.y-num, .yaml-number { color: var(--y-num); }
.y-bool, .y-null, .yaml-boolean, .yaml-null { color: var(--y-bool); }
.y-comment, .yaml-comment { color: var(--y-comment); font-style: italic; }
.diff-added { background: var(--add); }
.diff-removed { background: var(--remove); }
.diff-changed { background: var(--change); }
table.schema th[scope=row] { font-weight: 400; white-space: nowrap; }
table.schema .depth-1 { padding-left: 1.5rem; }
table.schema .depth-2 { padding-left: 2.5rem; }
table.schema .depth-3 { padding-left: 3.5rem; }
table.schema .depth-4 { padding-left: 4.5rem; }
table.schema .depth-5 { padding-left: 5.5rem; }
table.schema .depth-6 { padding-left: 6.5rem; }
table.schema .depth-7 { padding-left: 7.5rem; }
table.schema .depth-8 { padding-left: 8.5rem; }
.files { columns: 2 18rem; padding-left: 1.1rem; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem .75rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.site-footer { max-width: 72rem; margin: 2rem auto 1rem; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
`;
