"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_HITS = void 0;
exports.pagesRouter = pagesRouter;
exports.pageNotFound = pageNotFound;
exports.pageError = pageError;
// The pages for people under `/`: search, a code, a version, the changes between two versions.
// Every page is HTML rendered here from the same snapshot the FHIR operations answer from.
const express_1 = require("express");
const codesystem_diff_1 = require("../operations/codesystem-diff");
const outcome_1 = require("../fhir/outcome");
const dates_1 = require("../terminology/dates");
const diff_1 = require("../terminology/diff");
const history_1 = require("../terminology/history");
const model_1 = require("../terminology/model");
const resolve_1 = require("../terminology/resolve");
const succession_1 = require("../terminology/succession");
const text_search_1 = require("../terminology/text-search");
const html_1 = require("./html");
/** At most this many search hits are shown. */
exports.MAX_HITS = 200;
/** The stored (not request-scoped) code systems, NCMP first. */
function systemsOf(snapshot) {
    return snapshot.systems.filter((s) => s.versions.some((v) => !v.inline && v.content !== 'supplement'));
}
function versionsOf(system) {
    return system.versions.filter((v) => !v.inline);
}
function period(v) {
    if (v.effectiveFrom === null)
        return 'uten gyldighetsperiode';
    return v.effectiveTo ? `${v.effectiveFrom} – ${v.effectiveTo}` : `fra ${v.effectiveFrom}`;
}
function sendPage(res, status, title, body) {
    res.status(status).set('Content-Security-Policy', html_1.PAGE_CSP).set('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send((0, html_1.page)(title, body));
}
function systemSelect(snapshot, chosen, id, allOption) {
    return (0, html_1.html) `<label for="${id}">Kodeverk
<select id="${id}" name="system">${allOption ? (0, html_1.html) `<option value="">Alle</option>` : ''}${systemsOf(snapshot).map((s) => (0, html_1.html) `<option value="${s.url}"${s.url === chosen ? (0, html_1.html) ` selected` : ''}>${s.name}</option>`)}</select></label>`;
}
async function search(snapshot, q, systemUrl) {
    const hits = new Map();
    for (const system of systemsOf(snapshot)) {
        if (systemUrl && system.url !== systemUrl)
            continue;
        for (const version of [...versionsOf(system)].reverse()) {
            for (const concept of (await snapshot.content(version)).ordered) {
                if (concept.abstract || !(0, text_search_1.matchesFilter)(concept, q))
                    continue;
                const key = `${system.url}|${concept.code}`;
                const hit = hits.get(key);
                if (hit)
                    hit.versions.push(version.version);
                else
                    hits.set(key, { system, code: concept.code, display: concept.display, versions: [version.version] });
            }
        }
    }
    const all = [...hits.values()];
    return { hits: all.slice(0, exports.MAX_HITS), more: all.length > exports.MAX_HITS };
}
async function searchPage(snapshot, req, res) {
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    const systemUrl = typeof req.query.system === 'string' && req.query.system !== '' ? req.query.system : undefined;
    const found = q ? await search(snapshot, q, systemUrl) : undefined;
    const results = found
        ? (0, html_1.html) `<section aria-labelledby="hits"><h2 id="hits">${found.hits.length === 0 ? `Ingen treff for «${q}»` : `${found.hits.length}${found.more ? '+' : ''} treff for «${q}»`}</h2>
${found.more ? (0, html_1.html) `<p class="muted">Bare de ${exports.MAX_HITS} første vises; skriv mer for å snevre inn søket.</p>` : ''}
${found.hits.length > 0
            ? (0, html_1.html) `<div class="table"><table><caption class="muted">Koder der koden eller teksten i minst én versjon passer</caption><thead><tr><th scope="col">Kode</th><th scope="col">Tekst (nyeste)</th><th scope="col">Kodeverk</th><th scope="col">Versjoner</th></tr></thead><tbody>
${found.hits.map((h) => (0, html_1.html) `<tr><td><a class="code" href="${(0, html_1.href)(`/code/${encodeURIComponent(h.code)}`, { system: h.system.url })}">${h.code}</a></td><td>${h.display ?? ''}</td><td>${h.system.name}</td><td>${h.versions.length > 4 ? `${h.versions.at(-1)}–${h.versions[0]}` : [...h.versions].reverse().join(', ')}</td></tr>\n`)}
</tbody></table></div>`
            : ''}</section>`
        : '';
    sendPage(res, 200, q ? `Søk: ${q}` : 'Søk', (0, html_1.html) `<h1>Søk i NCMP og særkodene</h1>
<form method="get" action="/" role="search" aria-label="Søk etter kode eller tekst">
<label for="q">Kode eller tekst<input id="q" name="q" type="search" value="${q}" autocomplete="off" spellcheck="false"></label>
${systemSelect(snapshot, systemUrl, 'system', true)}
<button type="submit">Søk</button>
</form>
<p class="muted">Søket går i alle versjoner (2007 og utover), skiller ikke mellom store og små bokstaver eller aksenter (æ, ø, å), og finner ord som begynner med det du skriver.</p>
${results}`);
}
function notFoundPage(res, title, text) {
    sendPage(res, 404, title, (0, html_1.html) `<h1>${title}</h1><p>${text}</p><p><a href="/">Til søket</a></p>`);
}
/** When a succession applies, as the map records it; nothing when the map states no validity. */
function when(s) {
    const text = (0, succession_1.validityText)(s.element);
    return text === undefined ? (0, html_1.html) `` : (0, html_1.html) ` <span class="muted">(${text})</span>`;
}
function codeLink(system, code) {
    return (0, html_1.html) `<a class="code" href="${(0, html_1.href)(`/code/${encodeURIComponent(code)}`, { system })}">${code}</a>`;
}
async function codePage(snapshot, req, res) {
    const code = String(req.params.code);
    const asked = typeof req.query.system === 'string' && req.query.system !== '' ? snapshot.system(req.query.system) : undefined;
    const candidates = asked ? [asked] : systemsOf(snapshot);
    let system;
    const rows = [];
    for (const s of candidates) {
        for (const version of versionsOf(s)) {
            const concept = (await snapshot.content(version)).byCode.get(code);
            if (concept)
                rows.push({ version, concept });
        }
        if (rows.length > 0) {
            system = s;
            break;
        }
    }
    if (!system) {
        notFoundPage(res, 'Fant ikke koden', `Koden «${code}» finnes ikke i ${asked ? asked.name : 'noen versjon av kodeverkene'} her. Sjekk skrivemåten, eller søk etter teksten.`);
        return;
    }
    const newest = rows.at(-1);
    const intervals = await (0, history_1.presence)(snapshot, system, code);
    const today = (0, dates_1.todayInNorway)();
    const inForceNow = intervals.some((i) => (i.from === null || i.from <= today) && (i.to === null || today < i.to));
    const status = newest.concept.abstract ? 'gruppe (ikke valgbar)' : (0, model_1.isRetired)(newest.concept) ? 'utgått' : (0, model_1.isInactive)(newest.concept) ? 'inaktiv' : inForceNow ? 'gyldig i dag' : 'ikke gyldig i dag';
    const statusClass = (0, model_1.isRetired)(newest.concept) ? 'retired' : (0, model_1.isInactive)(newest.concept) || !inForceNow ? 'inactive' : 'active';
    const parent = newest.concept.parentCode;
    const children = newest.concept.children;
    const successors = (0, succession_1.successorsOf)(snapshot, system.url, code, undefined).filter(succession_1.replaces);
    const predecessors = (0, succession_1.predecessorsOf)(snapshot, system.url, code, undefined).filter(succession_1.replaces);
    const fhir = (op) => (0, html_1.href)(`/fhir/CodeSystem/$${op}`, { system: op === 'lookup' ? system.url : undefined, url: op === 'validate-code' ? system.url : undefined, code });
    sendPage(res, 200, `${code} ${newest.concept.display ?? ''}`, (0, html_1.html) `<h1><span class="code">${code}</span> ${newest.concept.display ?? ''}</h1>
<dl>
<dt>Kodeverk</dt><dd>${system.name} (<code>${system.url}</code>)</dd>
<dt>Status</dt><dd><span class="status ${statusClass}">${status}</span></dd>
<dt>Gyldig</dt><dd>${(0, history_1.describePresence)(intervals) || 'aldri gyldig i versjonene her'}</dd>
</dl>
<section aria-labelledby="texts"><h2 id="texts">Tekst i hver versjon</h2>
<div class="table"><table><thead><tr><th scope="col">Versjon</th><th scope="col">I kraft</th><th scope="col">Tekst</th><th scope="col">Status</th></tr></thead><tbody>
${rows.map((r) => (0, html_1.html) `<tr><td><a href="${(0, html_1.href)('/version', { system: system.url, version: r.version.version })}">${r.version.version}</a>${r.version.content === 'fragment' ? (0, html_1.html) ` <span class="muted">(endringsdokument)</span>` : ''}</td><td>${period(r.version)}</td><td>${r.concept.display ?? ''}</td><td>${r.concept.abstract ? 'gruppe' : (0, model_1.isRetired)(r.concept) ? 'utgått' : (0, model_1.isInactive)(r.concept) ? 'inaktiv' : 'aktiv'}</td></tr>\n`)}
</tbody></table></div></section>
<section aria-labelledby="succession"><h2 id="succession">Etterfølgere og forgjengere</h2>
${successors.length === 0 && predecessors.length === 0 ? (0, html_1.html) `<p>Ingen kjente etterfølgere eller forgjengere.</p>` : ''}
${successors.length > 0 ? (0, html_1.html) `<h3>Erstattet av</h3><ul>${successors.map((s) => (0, html_1.html) `<li>${codeLink(snapshot.system(s.element.targetSystem ?? '')?.url ?? s.element.targetSystem ?? '', s.element.targetCode)} ${s.element.targetDisplay ?? ''} ${when(s)}</li>`)}</ul>` : ''}
${predecessors.length > 0 ? (0, html_1.html) `<h3>Erstatter</h3><ul>${predecessors.map((s) => (0, html_1.html) `<li>${codeLink(snapshot.system(s.element.sourceSystem)?.url ?? s.element.sourceSystem, s.element.sourceCode)} ${s.element.sourceDisplay ?? ''}${when(s)}</li>`)}</ul>` : ''}
</section>
<section aria-labelledby="hierarchy"><h2 id="hierarchy">Hierarki</h2>
${parent ? (0, html_1.html) `<p>Overordnet: ${codeLink(system.url, parent)}</p>` : (0, html_1.html) `<p>Ingen overordnet kode.</p>`}
${children.length > 0 ? (0, html_1.html) `<p>Underordnede:</p><ul>${children.map((c) => (0, html_1.html) `<li>${codeLink(system.url, c)}</li>`)}</ul>` : ''}
</section>
<section aria-labelledby="fhir"><h2 id="fhir">FHIR</h2>
<ul><li><a href="${fhir('lookup')}">$lookup</a></li><li><a href="${fhir('validate-code')}">$validate-code (i dag)</a></li></ul>
</section>`);
}
function versionParam(req, name) {
    const v = req.query[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
function chosenSystem(snapshot, req) {
    const given = versionParam(req, 'system');
    return given ? snapshot.system(given) : systemsOf(snapshot)[0];
}
function versionOptions(system, chosen) {
    return versionsOf(system).map((v) => (0, html_1.html) `<option value="${v.version}"${v.version === chosen ? (0, html_1.html) ` selected` : ''}>${v.version}</option>`);
}
async function versionPage(snapshot, req, res) {
    const system = chosenSystem(snapshot, req);
    if (!system) {
        notFoundPage(res, 'Fant ikke kodeverket', `Kodeverket «${versionParam(req, 'system') ?? ''}» finnes ikke her.`);
        return;
    }
    const givenDate = versionParam(req, 'date');
    const date = givenDate ? (0, dates_1.toIsoDate)(givenDate) : undefined;
    if (givenDate && !date) {
        sendPage(res, 400, 'Ugyldig dato', (0, html_1.html) `<h1>Ugyldig dato</h1><p>«${givenDate}» er ikke en dato; skriv den som ÅÅÅÅ-MM-DD.</p><p><a href="/version">Tilbake</a></p>`);
        return;
    }
    const asked = versionParam(req, 'version');
    const versions = versionsOf(system);
    const version = asked ? versions.find((v) => v.version === asked) : versions.filter((v) => (0, resolve_1.covers)(v, date ?? (0, dates_1.todayInNorway)())).at(-1);
    if (asked && !version) {
        notFoundPage(res, 'Fant ikke versjonen', `${system.name} har ingen versjon «${asked}». Versjoner: ${versions.map((v) => v.version).join(', ')}.`);
        return;
    }
    const codes = version ? await (0, diff_1.codesInForce)(snapshot, version) : [];
    sendPage(res, 200, version ? `${system.name} ${version.version}` : system.name, (0, html_1.html) `<h1>${system.name}${version ? ` ${version.version}` : ''}</h1>
<form method="get" action="/version" aria-label="Velg versjon eller dato">
${systemSelect(snapshot, system.url, 'system', false)}
<label for="version">Versjon<select id="version" name="version"><option value="">(etter dato)</option>${versionOptions(system, version && asked ? version.version : undefined)}</select></label>
<label for="date">Dato<input id="date" name="date" type="date" value="${date ?? ''}"></label>
<button type="submit">Vis</button>
</form>
${version
        ? (0, html_1.html) `<p>I kraft ${period(version)}${date ? ` (versjonen i kraft ${date})` : ''}. Status: ${version.status}.${version.content === 'fragment' ? ' Dette er et endringsdokument: kodene det ikke nevner, er uendret fra versjonen før.' : ''}</p>
<p><a href="${(0, html_1.href)('/diff', { system: system.url, from: versions[versions.indexOf(version) - 1]?.version, to: version.version })}">Endringer fra forrige versjon</a></p>
<section aria-labelledby="codes"><h2 id="codes">${codes.length} koder i kraft</h2>
<div class="table"><table><thead><tr><th scope="col">Kode</th><th scope="col">Tekst</th></tr></thead><tbody>
${codes.map((c) => (0, html_1.html) `<tr><td>${codeLink(system.url, c.code)}</td><td>${c.display ?? ''}</td></tr>\n`)}
</tbody></table></div></section>`
        : (0, html_1.html) `<p>Ingen versjon av ${system.name} var i kraft ${date ?? (0, dates_1.todayInNorway)()}.</p>`}`);
}
function changesTable(system, changes) {
    return (0, html_1.html) `<div class="table"><table><thead><tr><th scope="col">Kode</th><th scope="col">Endring</th><th scope="col">Tekst før</th><th scope="col">Tekst etter</th><th scope="col">Etterfølger</th></tr></thead><tbody>
${changes.map((c) => (0, html_1.html) `<tr><td>${codeLink(system.url, c.code)}</td><td>${(0, codesystem_diff_1.changeLabel)(c.type)}</td><td>${c.fromDisplay ?? ''}</td><td>${c.toDisplay ?? ''}</td><td>${c.successors.map((s, i) => (0, html_1.html) `${i > 0 ? ', ' : ''}${codeLink(s.system, s.code)}`)}</td></tr>\n`)}
</tbody></table></div>`;
}
async function diffPage(snapshot, req, res) {
    const system = chosenSystem(snapshot, req);
    if (!system) {
        notFoundPage(res, 'Fant ikke kodeverket', `Kodeverket «${versionParam(req, 'system') ?? ''}» finnes ikke her.`);
        return;
    }
    const versions = versionsOf(system);
    const from = versionParam(req, 'from');
    const to = versionParam(req, 'to');
    let result = (0, html_1.html) ``;
    if (from && to) {
        try {
            const diff = await (0, codesystem_diff_1.diffRequest)(snapshot, { system: system.url, from, to });
            const csv = (0, html_1.href)('/fhir/CodeSystem/$diff', { system: system.url, from: diff.from.version, to: diff.to.version, _format: 'csv' });
            const json = (0, html_1.href)('/fhir/CodeSystem/$diff', { system: system.url, from: diff.from.version, to: diff.to.version });
            result = (0, html_1.html) `<section aria-labelledby="changes"><h2 id="changes">${diff.changes.length} endringer fra ${system.name} ${diff.from.version} til ${diff.to.version}</h2>
<p><a href="${csv}" download>Last ned som CSV</a> · <a href="${json}">FHIR $diff</a></p>
${diff.to.content === 'fragment' ? (0, html_1.html) `<p class="muted">${diff.to.version} er et endringsdokument: endringene er det dokumentet sier, og kodene det ikke nevner, er uendret.</p>` : ''}
${changesTable(system, diff.changes)}</section>`;
        }
        catch (err) {
            if (!(err instanceof outcome_1.FhirError))
                throw err;
            const text = err.toOutcome().issue?.[0]?.details?.text ?? 'Ugyldig forespørsel';
            sendPage(res, err.status, 'Kan ikke sammenligne', (0, html_1.html) `<h1>Kan ikke sammenligne</h1><p>${text}</p><p><a href="${(0, html_1.href)('/diff', { system: system.url })}">Tilbake</a></p>`);
            return;
        }
    }
    const defaultFrom = from ?? versions.at(-3)?.version;
    const defaultTo = to ?? versions.at(-2)?.version;
    sendPage(res, 200, from && to ? `Endringer ${from}–${to}` : 'Endringer', (0, html_1.html) `<h1>Endringer mellom to versjoner</h1>
<form method="get" action="/diff" aria-label="Velg versjoner å sammenligne">
${systemSelect(snapshot, system.url, 'system', false)}
<label for="from">Fra<select id="from" name="from">${versionOptions(system, defaultFrom)}</select></label>
<label for="to">Til<select id="to" name="to">${versionOptions(system, defaultTo)}</select></label>
<button type="submit">Sammenlign</button>
</form>
${result}`);
}
/** The pages' router (GET and HEAD only); errors become a page, never a stack trace. */
function pagesRouter(terminology) {
    const router = (0, express_1.Router)();
    const route = (fn) => async (req, res) => {
        await fn(await terminology.snapshot(), req, res);
    };
    router.get('/style.css', (_req, res) => {
        res.type('text/css; charset=utf-8').set('Cache-Control', 'public, max-age=3600').send(html_1.STYLESHEET);
    });
    router.get('/', route(searchPage));
    router.get('/code/:code', route(codePage));
    router.get('/version', route(versionPage));
    router.get('/diff', route(diffPage));
    return router;
}
/** For requests a page route did not answer and that are not for the FHIR API: a friendly 404 page. */
function pageNotFound(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
        return next();
    if (!(req.headers.accept ?? '').includes('text/html'))
        return next();
    notFoundPage(res, 'Fant ikke siden', `Det finnes ingen side ${req.path} her.`);
}
/** An error while rendering a page: a page saying so, with the request id; never the error itself. */
function pageError(err, req, res, next) {
    if (res.headersSent || req.path.startsWith('/fhir'))
        return next(err);
    if (err instanceof URIError) {
        // Express could not decode a path segment (`/code/%E0%A4%A`): the client's error, not ours.
        sendPage(res, 400, 'Ugyldig adresse', (0, html_1.html) `<h1>Ugyldig adresse</h1><p>Adressen er ikke gyldig prosentkodet UTF-8.</p>`);
        return;
    }
    req.log?.error({ err }, 'error rendering a page');
    const id = String(req.id ?? '');
    res.setHeader('X-Request-Id', id);
    sendPage(res, 500, 'Noe gikk galt', (0, html_1.html) `<h1>Noe gikk galt</h1><p>Siden kunne ikke vises. Prøv igjen om litt (forespørsel ${id}).</p>`);
}
//# sourceMappingURL=routes.js.map