// The pages for people under `/`: search, a code, a version, the changes between two versions.
// Every page is HTML rendered here from the same snapshot the FHIR operations answer from.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { changeLabel, diffRequest } from '../operations/codesystem-diff';
import { unionSystem } from '../terminology/code-systems';
import { FhirError } from '../terminology/issues';
import { toIsoDate, todayInNorway } from '../terminology/dates';
import { codesInForce, type CodeChange } from '../terminology/diff';
import { describePresence, presence } from '../terminology/history';
import { isInactive, isRetired, type Concept, type SystemEntry, type VersionEntry } from '../terminology/model';
import { covers } from '../terminology/resolve';
import { predecessorsOf, replaces, successorsOf, validityText, type Succession } from '../terminology/succession';
import type { Snapshot } from '../terminology/snapshot';
import type { SnapshotCache } from '../terminology/snapshot-cache';
import { matchesFilter } from '../terminology/text-search';
import { href, html, Html, page, PAGE_CSP, STYLESHEET } from './html';

/** At most this many search hits are shown. */
export const MAX_HITS = 200;

/** The stored (not request-scoped) code systems, NCMP first. */
function systemsOf(snapshot: Snapshot): SystemEntry[] {
  // A union system (NKPK) is made from the stored ones: listing it too would show every code twice.
  return snapshot.systems.filter((s) => !unionSystem(s.url) && s.versions.some((v) => !v.inline && v.content !== 'supplement'));
}

function versionsOf(system: SystemEntry): VersionEntry[] {
  return system.versions.filter((v) => !v.inline);
}

function period(v: VersionEntry): string {
  if (v.effectiveFrom === null) return 'uten gyldighetsperiode';
  return v.effectiveTo ? `${v.effectiveFrom} – ${v.effectiveTo}` : `fra ${v.effectiveFrom}`;
}

function sendPage(res: Response, status: number, title: string, body: Html): void {
  res.status(status).set('Content-Security-Policy', PAGE_CSP).set('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(page(title, body));
}

function systemSelect(snapshot: Snapshot, chosen: string | undefined, id: string, allOption: boolean): Html {
  return html`<label for="${id}">Kodeverk
<select id="${id}" name="system">${allOption ? html`<option value="">Alle</option>` : ''}${systemsOf(snapshot).map(
    (s) => html`<option value="${s.url}"${s.url === chosen ? html` selected` : ''}>${s.name}</option>`,
  )}</select></label>`;
}

/** One search hit: a code, its newest text and the versions whose text matched. */
interface Hit {
  system: SystemEntry;
  code: string;
  display: string | null;
  versions: string[];
}

async function search(snapshot: Snapshot, q: string, systemUrl: string | undefined): Promise<{ hits: Hit[]; more: boolean }> {
  const hits = new Map<string, Hit>();
  for (const system of systemsOf(snapshot)) {
    if (systemUrl && system.url !== systemUrl) continue;
    for (const version of [...versionsOf(system)].reverse()) {
      for (const concept of (await snapshot.content(version)).ordered) {
        if (concept.abstract || !matchesFilter(concept, q)) continue;
        const key = `${system.url}|${concept.code}`;
        const hit = hits.get(key);
        if (hit) hit.versions.push(version.version);
        else hits.set(key, { system, code: concept.code, display: concept.display, versions: [version.version] });
      }
    }
  }
  const all = [...hits.values()];
  return { hits: all.slice(0, MAX_HITS), more: all.length > MAX_HITS };
}

async function searchPage(snapshot: Snapshot, req: Request, res: Response): Promise<void> {
  const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
  const systemUrl = typeof req.query.system === 'string' && req.query.system !== '' ? req.query.system : undefined;
  const found = q ? await search(snapshot, q, systemUrl) : undefined;
  const results = found
    ? html`<section aria-labelledby="hits"><h2 id="hits">${found.hits.length === 0 ? `Ingen treff for «${q}»` : `${found.hits.length}${found.more ? '+' : ''} treff for «${q}»`}</h2>
${found.more ? html`<p class="muted">Bare de ${MAX_HITS} første vises; skriv mer for å snevre inn søket.</p>` : ''}
${found.hits.length > 0
  ? html`<div class="table"><table><caption class="muted">Koder der koden eller teksten i minst én versjon passer</caption><thead><tr><th scope="col">Kode</th><th scope="col">Tekst (nyeste)</th><th scope="col">Kodeverk</th><th scope="col">Versjoner</th></tr></thead><tbody>
${found.hits.map((h) => html`<tr><td><a class="code" href="${href(`/code/${encodeURIComponent(h.code)}`, { system: h.system.url })}">${h.code}</a></td><td>${h.display ?? ''}</td><td>${h.system.name}</td><td>${h.versions.length > 4 ? `${h.versions.at(-1)}–${h.versions[0]}` : [...h.versions].reverse().join(', ')}</td></tr>\n`)}
</tbody></table></div>`
  : ''}</section>`
    : '';
  sendPage(
    res,
    200,
    q ? `Søk: ${q}` : 'Søk',
    html`<h1>Søk i NCMP og særkodene</h1>
<form method="get" action="/" role="search" aria-label="Søk etter kode eller tekst">
<label for="q">Kode eller tekst<input id="q" name="q" type="search" value="${q}" autocomplete="off" spellcheck="false"></label>
${systemSelect(snapshot, systemUrl, 'system', true)}
<button type="submit">Søk</button>
</form>
<p class="muted">Søket går i alle versjoner (2007 og utover), skiller ikke mellom store og små bokstaver eller aksenter (æ, ø, å), og finner ord som begynner med det du skriver.</p>
${results}`,
  );
}

function notFoundPage(res: Response, title: string, text: string): void {
  sendPage(res, 404, title, html`<h1>${title}</h1><p>${text}</p><p><a href="/">Til søket</a></p>`);
}

/** When a succession applies, as the map records it; nothing when the map states no validity. */
function when(s: Succession): Html {
  const text = validityText(s.element);
  return text === undefined ? html`` : html` <span class="muted">(${text})</span>`;
}

function codeLink(system: string, code: string): Html {
  return html`<a class="code" href="${href(`/code/${encodeURIComponent(code)}`, { system })}">${code}</a>`;
}

async function codePage(snapshot: Snapshot, req: Request, res: Response): Promise<void> {
  const code = String(req.params.code);
  const asked = typeof req.query.system === 'string' && req.query.system !== '' ? snapshot.system(req.query.system) : undefined;
  const candidates = asked ? [asked] : systemsOf(snapshot);
  let system: SystemEntry | undefined;
  const rows: { version: VersionEntry; concept: Concept }[] = [];
  for (const s of candidates) {
    for (const version of versionsOf(s)) {
      const concept = (await snapshot.content(version)).byCode.get(code);
      if (concept) rows.push({ version, concept });
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
  const newest = rows.at(-1)!;
  const intervals = await presence(snapshot, system, code);
  const today = todayInNorway();
  const inForceNow = intervals.some((i) => (i.from === null || i.from <= today) && (i.to === null || today < i.to));
  const status = newest.concept.abstract ? 'gruppe (ikke valgbar)' : isRetired(newest.concept) ? 'utgått' : isInactive(newest.concept) ? 'inaktiv' : inForceNow ? 'gyldig i dag' : 'ikke gyldig i dag';
  const statusClass = isRetired(newest.concept) ? 'retired' : isInactive(newest.concept) || !inForceNow ? 'inactive' : 'active';
  const parent = newest.concept.parentCode;
  const children = newest.concept.children;
  const successors = successorsOf(snapshot, system.url, code, undefined).filter(replaces);
  const predecessors = predecessorsOf(snapshot, system.url, code, undefined).filter(replaces);
  const fhir = (op: string) => href(`/fhir/CodeSystem/$${op}`, { system: op === 'lookup' ? system!.url : undefined, url: op === 'validate-code' ? system!.url : undefined, code });
  sendPage(
    res,
    200,
    `${code} ${newest.concept.display ?? ''}`,
    html`<h1><span class="code">${code}</span> ${newest.concept.display ?? ''}</h1>
<dl>
<dt>Kodeverk</dt><dd>${system.name} (<code>${system.url}</code>)</dd>
<dt>Status</dt><dd><span class="status ${statusClass}">${status}</span></dd>
<dt>Gyldig</dt><dd>${describePresence(intervals) || 'aldri gyldig i versjonene her'}</dd>
</dl>
<section aria-labelledby="texts"><h2 id="texts">Tekst i hver versjon</h2>
<div class="table"><table><thead><tr><th scope="col">Versjon</th><th scope="col">I kraft</th><th scope="col">Tekst</th><th scope="col">Status</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><a href="${href('/version', { system: system!.url, version: r.version.version })}">${r.version.version}</a>${r.version.content === 'fragment' ? html` <span class="muted">(endringsdokument)</span>` : ''}</td><td>${period(r.version)}</td><td>${r.concept.display ?? ''}</td><td>${r.concept.abstract ? 'gruppe' : isRetired(r.concept) ? 'utgått' : isInactive(r.concept) ? 'inaktiv' : 'aktiv'}</td></tr>\n`)}
</tbody></table></div></section>
<section aria-labelledby="succession"><h2 id="succession">Etterfølgere og forgjengere</h2>
${successors.length === 0 && predecessors.length === 0 ? html`<p>Ingen kjente etterfølgere eller forgjengere.</p>` : ''}
${successors.length > 0 ? html`<h3>Erstattet av</h3><ul>${successors.map((s) => html`<li>${codeLink(snapshot.system(s.element.targetSystem ?? '')?.url ?? s.element.targetSystem ?? '', s.element.targetCode!)} ${s.element.targetDisplay ?? ''} ${when(s)}</li>`)}</ul>` : ''}
${predecessors.length > 0 ? html`<h3>Erstatter</h3><ul>${predecessors.map((s) => html`<li>${codeLink(snapshot.system(s.element.sourceSystem)?.url ?? s.element.sourceSystem, s.element.sourceCode)} ${s.element.sourceDisplay ?? ''}${when(s)}</li>`)}</ul>` : ''}
</section>
<section aria-labelledby="hierarchy"><h2 id="hierarchy">Hierarki</h2>
${parent ? html`<p>Overordnet: ${codeLink(system.url, parent)}</p>` : html`<p>Ingen overordnet kode.</p>`}
${children.length > 0 ? html`<p>Underordnede:</p><ul>${children.map((c) => html`<li>${codeLink(system!.url, c)}</li>`)}</ul>` : ''}
</section>
<section aria-labelledby="fhir"><h2 id="fhir">FHIR</h2>
<ul><li><a href="${fhir('lookup')}">$lookup</a></li><li><a href="${fhir('validate-code')}">$validate-code (i dag)</a></li></ul>
</section>`,
  );
}

function versionParam(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function chosenSystem(snapshot: Snapshot, req: Request): SystemEntry | undefined {
  const given = versionParam(req, 'system');
  return given ? snapshot.system(given) : systemsOf(snapshot)[0];
}

function versionOptions(system: SystemEntry, chosen: string | undefined): Html[] {
  return versionsOf(system).map((v) => html`<option value="${v.version}"${v.version === chosen ? html` selected` : ''}>${v.version}</option>`);
}

async function versionPage(snapshot: Snapshot, req: Request, res: Response): Promise<void> {
  const system = chosenSystem(snapshot, req);
  if (!system) {
    notFoundPage(res, 'Fant ikke kodeverket', `Kodeverket «${versionParam(req, 'system') ?? ''}» finnes ikke her.`);
    return;
  }
  const givenDate = versionParam(req, 'date');
  const date = givenDate ? toIsoDate(givenDate) : undefined;
  if (givenDate && !date) {
    sendPage(res, 400, 'Ugyldig dato', html`<h1>Ugyldig dato</h1><p>«${givenDate}» er ikke en dato; skriv den som ÅÅÅÅ-MM-DD.</p><p><a href="/version">Tilbake</a></p>`);
    return;
  }
  const asked = versionParam(req, 'version');
  const versions = versionsOf(system);
  const version = asked ? versions.find((v) => v.version === asked) : versions.filter((v) => covers(v, date ?? todayInNorway())).at(-1);
  if (asked && !version) {
    notFoundPage(res, 'Fant ikke versjonen', `${system.name} har ingen versjon «${asked}». Versjoner: ${versions.map((v) => v.version).join(', ')}.`);
    return;
  }
  const codes = version ? await codesInForce(snapshot, version) : [];
  sendPage(
    res,
    200,
    version ? `${system.name} ${version.version}` : system.name,
    html`<h1>${system.name}${version ? ` ${version.version}` : ''}</h1>
<form method="get" action="/version" aria-label="Velg versjon eller dato">
${systemSelect(snapshot, system.url, 'system', false)}
<label for="version">Versjon<select id="version" name="version"><option value="">(etter dato)</option>${versionOptions(system, version && asked ? version.version : undefined)}</select></label>
<label for="date">Dato<input id="date" name="date" type="date" value="${date ?? ''}"></label>
<button type="submit">Vis</button>
</form>
${version
  ? html`<p>I kraft ${period(version)}${date ? ` (versjonen i kraft ${date})` : ''}. Status: ${version.status}.${version.content === 'fragment' ? ' Dette er et endringsdokument: kodene det ikke nevner, er uendret fra versjonen før.' : ''}</p>
<p><a href="${href('/diff', { system: system.url, from: versions[versions.indexOf(version) - 1]?.version, to: version.version })}">Endringer fra forrige versjon</a></p>
<section aria-labelledby="codes"><h2 id="codes">${codes.length} koder i kraft</h2>
<div class="table"><table><thead><tr><th scope="col">Kode</th><th scope="col">Tekst</th></tr></thead><tbody>
${codes.map((c) => html`<tr><td>${codeLink(system.url, c.code)}</td><td>${c.display ?? ''}</td></tr>\n`)}
</tbody></table></div></section>`
  : html`<p>Ingen versjon av ${system.name} var i kraft ${date ?? todayInNorway()}.</p>`}`,
  );
}

function changesTable(system: SystemEntry, changes: CodeChange[]): Html {
  return html`<div class="table"><table><thead><tr><th scope="col">Kode</th><th scope="col">Endring</th><th scope="col">Tekst før</th><th scope="col">Tekst etter</th><th scope="col">Etterfølger</th></tr></thead><tbody>
${changes.map((c) => html`<tr><td>${codeLink(system.url, c.code)}</td><td>${changeLabel(c.type)}</td><td>${c.fromDisplay ?? ''}</td><td>${c.toDisplay ?? ''}</td><td>${c.successors.map((s, i) => html`${i > 0 ? ', ' : ''}${codeLink(s.system, s.code)}`)}</td></tr>\n`)}
</tbody></table></div>`;
}

async function diffPage(snapshot: Snapshot, req: Request, res: Response): Promise<void> {
  const system = chosenSystem(snapshot, req);
  if (!system) {
    notFoundPage(res, 'Fant ikke kodeverket', `Kodeverket «${versionParam(req, 'system') ?? ''}» finnes ikke her.`);
    return;
  }
  const versions = versionsOf(system);
  const from = versionParam(req, 'from');
  const to = versionParam(req, 'to');
  let result: Html = html``;
  if (from && to) {
    try {
      const diff = await diffRequest(snapshot, { system: system.url, from, to });
      const csv = href('/fhir/CodeSystem/$diff', { system: system.url, from: diff.from.version, to: diff.to.version, _format: 'csv' });
      const json = href('/fhir/CodeSystem/$diff', { system: system.url, from: diff.from.version, to: diff.to.version });
      result = html`<section aria-labelledby="changes"><h2 id="changes">${diff.changes.length} endringer fra ${system.name} ${diff.from.version} til ${diff.to.version}</h2>
<p><a href="${csv}" download>Last ned som CSV</a> · <a href="${json}">FHIR $diff</a></p>
${diff.to.content === 'fragment' ? html`<p class="muted">${diff.to.version} er et endringsdokument: endringene er det dokumentet sier, og kodene det ikke nevner, er uendret.</p>` : ''}
${changesTable(system, diff.changes)}</section>`;
    } catch (err) {
      if (!(err instanceof FhirError)) throw err;
      const text = err.toOutcome().issue?.[0]?.details?.text ?? 'Ugyldig forespørsel';
      sendPage(res, err.status, 'Kan ikke sammenligne', html`<h1>Kan ikke sammenligne</h1><p>${text}</p><p><a href="${href('/diff', { system: system.url })}">Tilbake</a></p>`);
      return;
    }
  }
  const defaultFrom = from ?? versions.at(-3)?.version;
  const defaultTo = to ?? versions.at(-2)?.version;
  sendPage(
    res,
    200,
    from && to ? `Endringer ${from}–${to}` : 'Endringer',
    html`<h1>Endringer mellom to versjoner</h1>
<form method="get" action="/diff" aria-label="Velg versjoner å sammenligne">
${systemSelect(snapshot, system.url, 'system', false)}
<label for="from">Fra<select id="from" name="from">${versionOptions(system, defaultFrom)}</select></label>
<label for="to">Til<select id="to" name="to">${versionOptions(system, defaultTo)}</select></label>
<button type="submit">Sammenlign</button>
</form>
${result}`,
  );
}

/** The pages' router (GET and HEAD only); errors become a page, never a stack trace. */
export function pagesRouter(terminology: SnapshotCache): Router {
  const router = Router();
  const route = (fn: (snapshot: Snapshot, req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    await fn(await terminology.snapshot(), req, res);
  };
  router.get('/style.css', (_req, res) => {
    res.type('text/css; charset=utf-8').set('Cache-Control', 'public, max-age=3600').send(STYLESHEET);
  });
  router.get('/', route(searchPage));
  router.get('/code/:code', route(codePage));
  router.get('/version', route(versionPage));
  router.get('/diff', route(diffPage));
  return router;
}

/** For requests a page route did not answer and that are not for the FHIR API: a friendly 404 page. */
export function pageNotFound(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return next();
  if (!(req.headers.accept ?? '').includes('text/html')) return next();
  notFoundPage(res, 'Fant ikke siden', `Det finnes ingen side ${req.path} her.`);
}

/** An error while rendering a page: a page saying so, with the request id; never the error itself. */
export function pageError(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent || req.path.startsWith('/fhir')) return next(err);
  if (err instanceof URIError) {
    // Express could not decode a path segment (`/code/%E0%A4%A`): the client's error, not ours.
    sendPage(res, 400, 'Ugyldig adresse', html`<h1>Ugyldig adresse</h1><p>Adressen er ikke gyldig prosentkodet UTF-8.</p>`);
    return;
  }
  req.log?.error({ err }, 'error rendering a page');
  const id = String(req.id ?? '');
  res.setHeader('X-Request-Id', id);
  sendPage(res, 500, 'Noe gikk galt', html`<h1>Noe gikk galt</h1><p>Siden kunne ikke vises. Prøv igjen om litt (forespørsel ${id}).</p>`);
}
