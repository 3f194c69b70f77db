// The floors the README's Layout section describes, checked on the source: a file that imports across a floor,
// a builder that creeps back into fhir-resources/, or a patch of Express internals fails here, not in review.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Every .ts file below `dir` (relative to the repository root). */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(path.join(ROOT, at), { withFileTypes: true })) {
      const rel = path.join(at, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts')) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** The repository-relative modules a file imports (relative specifiers only), without extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), s)));
}

describe('the floors of server/', () => {
  it('terminology/ imports nothing from http/, operations/, import/, pages/ or builders/', () => {
    const offending = sources('server/terminology').flatMap((f) =>
      importsOf(f)
        .filter((m) => /^server\/(http|operations|import|pages|builders)\//.test(m))
        .map((m) => `${f} → ${m}`),
    );
    expect(offending).toEqual([]);
  });

  it('import/ takes from terminology/ only the readers it shares with inline resources, the code-system seam, dates and the project urls', () => {
    const allowed = new Set([
      'server/terminology/code-system-concepts',
      'server/terminology/code-system-facts',
      'server/terminology/concept-map-mappings',
      'server/terminology/code-systems',
      'server/terminology/dates',
      'server/terminology/systems',
    ]);
    const offending = sources('server/import').flatMap((f) =>
      importsOf(f)
        .filter((m) => (m.startsWith('server/terminology/') && !allowed.has(m)) || /^server\/(http|operations|pages|builders)\//.test(m))
        .map((m) => `${f} → ${m}`),
    );
    expect(offending).toEqual([]);
  });

  it('operations/ never imports http/ or pages/, and no operation imports a sibling operation (shared code lives in operations/shared/)', () => {
    // The operation modules are `<type>-<op>.ts`; search's own modules (search*.ts) may use each other.
    const operationFiles = new Set(sources('server/operations').filter((f) => /^server\/operations\/(codesystem|valueset|conceptmap)-/.test(f)).map((f) => f.replace(/\.ts$/, '')));
    const offending = sources('server/operations').flatMap((f) =>
      importsOf(f)
        .filter((m) => /^server\/(http|pages)\//.test(m) || (operationFiles.has(f.replace(/\.ts$/, '')) && operationFiles.has(m) && !(f.endsWith('valueset-batch-validate-code.ts') && m.endsWith('valueset-validate-code'))))
        .map((m) => `${f} → ${m}`),
    );
    expect(offending).toEqual([]);
  });

  it('builders/ (pure resource builders) stand on terminology/ alone', () => {
    const offending = sources('server/builders').flatMap((f) =>
      importsOf(f)
        .filter((m) => /^server\/(http|operations|import|pages)\//.test(m))
        .map((m) => `${f} → ${m}`),
    );
    expect(offending).toEqual([]);
  });

  it('fhir-resources/ holds FHIR JSON only: no code', () => {
    const code = sources('fhir-resources');
    expect(code).toEqual([]);
  });

  it('nothing in server/ patches Express internals (app.handle, prototypes swapped at runtime)', () => {
    const offending = sources('server').filter((f) => /setPrototypeOf|app\.handle/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offending).toEqual([]);
  });
});
