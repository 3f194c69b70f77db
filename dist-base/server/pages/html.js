"use strict";
// Server-rendered HTML for people: escaping, the page frame and the stylesheet. No framework, no scripts,
// nothing fetched from elsewhere (the content security policy of the pages allows only this server's CSS).
Object.defineProperty(exports, "__esModule", { value: true });
exports.STYLESHEET = exports.PAGE_CSP = exports.Html = void 0;
exports.escapeHtml = escapeHtml;
exports.html = html;
exports.href = href;
exports.page = page;
/** A piece of HTML that is already safe (escaped or built from escaped parts). */
class Html {
    text;
    constructor(text) {
        this.text = text;
    }
    toString() {
        return this.text;
    }
}
exports.Html = Html;
/** Escapes text for HTML element content and attribute values (quoted). */
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
function render(value) {
    if (value === null || value === undefined || value === false)
        return '';
    if (value instanceof Html)
        return value.text;
    if (Array.isArray(value))
        return value.map(render).join('');
    return escapeHtml(String(value));
}
/** A template tag: interpolated values are escaped unless they are `Html`; arrays are joined. */
function html(strings, ...values) {
    let out = strings[0];
    values.forEach((v, i) => {
        out += render(v) + strings[i + 1];
    });
    return new Html(out);
}
/** A URL with query parameters, escaped for use in an attribute by `html`. */
function href(path, query = {}) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
        if (v !== undefined && v !== '')
            q.set(k, v);
    const s = q.toString();
    return s ? `${path}?${s}` : path;
}
/** The content security policy of the pages: this server's stylesheet, forms to itself, nothing else. */
exports.PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** A whole page: language nb, viewport for phones, landmarks (header, nav, main, footer) and a skip link. */
function page(title, body) {
    return `<!doctype html>${html `<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – NCMP-kodeverk</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<a class="skip" href="#main">Gå til innholdet</a>
<header>
<nav aria-label="Hovedmeny">
<a href="/">Søk</a>
<a href="/version">Versjoner</a>
<a href="/diff">Endringer</a>
<a href="/fhir/metadata">FHIR API</a>
</nav>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer><p>NCMP – Norsk klassifikasjon av medisinske prosedyrer, og særkodene. Data fra KITH, Helsedirektoratet og Direktoratet for e-helse (NLOD).</p></footer>
</body>
</html>`.text}`;
}
/** The one stylesheet, served from `/style.css`. */
exports.STYLESHEET = `
:root { --fg: #1b1b1b; --muted: #555; --bg: #fff; --accent: #0b5394; --line: #ccc; --warn: #8a3b00; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { padding: 0.75rem 1rem; max-width: 64rem; margin: 0 auto; }
header { border-bottom: 1px solid var(--line); }
nav a { margin-right: 1rem; }
a { color: var(--accent); }
a:focus, input:focus, select:focus, button:focus, main:focus { outline: 3px solid #f9a825; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 0.5rem; top: 0.5rem; background: #fff; padding: 0.25rem 0.5rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin-top: 1.5rem; }
form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; margin-bottom: 1rem; }
label { display: flex; flex-direction: column; font-weight: 600; }
input, select, button { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #767676; border-radius: 4px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
.table { overflow-x: auto; }
code, .code { font-family: ui-monospace, Menlo, Consolas, monospace; }
.status { font-weight: 600; }
.status.retired, .status.inactive { color: var(--warn); }
.muted { color: var(--muted); }
footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.875rem; margin-top: 2rem; }
@media (max-width: 40rem) { th, td { padding: 0.3rem; } form { flex-direction: column; align-items: stretch; } }
`;
//# sourceMappingURL=html.js.map