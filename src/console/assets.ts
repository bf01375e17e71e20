import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The console's stylesheet (served at `/console/assets/console.css`; no inline styles: strict CSP). */
export const CONSOLE_CSS = `
:root { color-scheme: light; --fg: #1d232b; --muted: #4b5563; --line: #d0d7de; --accent: #0b5cad; --bad: #a40e26; --ok: #116329; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
a { color: var(--accent); }
header.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--bg); }
header.top .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
nav ul { display: flex; flex-wrap: wrap; gap: .2rem; list-style: none; margin: 0; padding: 0; }
nav a { display: inline-block; padding: .3rem .6rem; border-radius: 6px; text-decoration: none; }
nav a[aria-current="page"] { background: #dbe9f7; color: #06325e; font-weight: 600; }
header.top .who { margin-left: auto; display: flex; gap: .6rem; align-items: center; color: var(--muted); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.5rem; margin: .6rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
form.inline { display: inline; }
fieldset { border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; margin: 0 0 1rem; }
legend { font-weight: 600; padding: 0 .3rem; }
label { display: block; margin: .4rem 0 .2rem; font-weight: 500; }
label.check { display: inline-flex; gap: .35rem; margin-right: 1rem; font-weight: 400; }
input[type=text], input[type=email], input[type=password], input[type=search], input[type=number], input[type=datetime-local], select, textarea {
  font: inherit; padding: .4rem .5rem; border: 1px solid #8c959f; border-radius: 6px; min-width: 16rem; max-width: 100%; }
textarea { width: 100%; min-height: 6rem; font-family: ui-monospace, monospace; }
button, .button { font: inherit; display: inline-block; padding: .4rem .9rem; border-radius: 6px; border: 1px solid #1f6feb; background: #0b5cad; color: #fff; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: #0b5cad; }
button.danger { background: var(--bad); border-color: var(--bad); }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.note { color: var(--muted); }
.error { color: var(--bad); border: 1px solid var(--bad); background: #fff0f0; padding: .6rem .8rem; border-radius: 6px; }
.ok { color: var(--ok); border: 1px solid var(--ok); background: #eefbf1; padding: .6rem .8rem; border-radius: 6px; }
.secret { font-family: ui-monospace, monospace; font-size: 1rem; background: var(--bg); border: 1px solid var(--line); padding: .5rem .7rem; border-radius: 6px; word-break: break-all; }
pre { background: var(--bg); border: 1px solid var(--line); padding: .6rem .8rem; border-radius: 6px; overflow-x: auto; }
code { font-family: ui-monospace, monospace; }
.snippet { margin: 0 0 1.2rem; }
.snippet-head { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
.filters { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: flex-end; margin-bottom: .6rem; }
.filters label { margin: 0 0 .2rem; }
.pager { display: flex; gap: 1rem; align-items: center; margin: .6rem 0; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 999px; border: 1px solid var(--line); font-size: .85em; }
.signin { max-width: 24rem; margin: 4rem auto; }
.signin input { width: 100%; }
.signin button { margin-top: 1rem; width: 100%; }
svg.chart { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** Copy buttons (`data-copy="<element id>"`): the only script of the console besides htmx. */
export const CONSOLE_JS = `
document.addEventListener('click', function (ev) {
  var button = ev.target instanceof Element ? ev.target.closest('button[data-copy]') : null;
  if (!button) return;
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source) return;
  var text = 'value' in source ? source.value : source.textContent;
  var done = function (msg) {
    var status = document.getElementById(button.getAttribute('data-copy') + '-status');
    if (status) status.textContent = msg;
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(function () { done('Copied.'); }, function () { done('Copy failed: select the text and copy it.'); });
  } else {
    done('Copy failed: select the text and copy it.');
  }
});
`;

let htmx: string | undefined;

/** htmx from the `htmx.org` package (served by Portico itself, never from a CDN). */
export function htmxSource(): string {
  htmx ??= readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');
  return htmx;
}
