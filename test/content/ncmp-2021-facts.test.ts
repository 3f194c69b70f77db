import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  NCMP_2021_CHANGES,
  SAERKODE_SUCCESSION_2021,
  type NcmpCodeChangeFact,
} from '../../scripts/content/ncmp-2021-facts';
import { describeWithSources } from '../support/test-db';

/** The change document as extracted from PDF (seed 000); outside the repository, so checked only when present. */
const SEED = path.resolve(
  process.env['NCMP_SEEDS_DIR'] ?? path.resolve(__dirname, '../../../shared/seeds'),
  '000_9974d782a03d38a1.txt',
);

function fact(code: string): NcmpCodeChangeFact {
  const found = NCMP_2021_CHANGES.find((c) => c.code === code);
  if (!found) throw new Error(`no fact for ${code}`);
  return found;
}

describe('the 2021 facts', () => {
  it('evidence every succession dated only "before 2021" by a removed reference in the successor text', () => {
    for (const s of SAERKODE_SUCCESSION_2021) {
      for (const code of s.successors) {
        const removed = fact(code).removedIn2021 ?? [];
        if (s.inForce.kind === 'before') {
          expect(removed.some((t) => t.includes(s.saerkode))).toBe(true);
        } else {
          expect(fact(code).changeType).toBe('new');
          expect((fact(code).subTexts ?? []).some((t) => t.includes(`Erstatter tidligere særkode ${s.saerkode}`))).toBe(
            true,
          );
        }
      }
    }
  });

  it('name no særkode succession that the table lacks', () => {
    const mapped = new Set(SAERKODE_SUCCESSION_2021.flatMap((s) => s.successors.map((t) => `${s.saerkode}>${t}`)));
    for (const c of NCMP_2021_CHANGES) {
      for (const text of [...(c.removedIn2021 ?? []), ...(c.subTexts ?? [])]) {
        const m = /særkode (\w{5})/.exec(text);
        if (m?.[1]) expect(mapped.has(`${m[1]}>${c.code}`)).toBe(true);
      }
    }
  });
});

describeWithSources('the 2021 facts against the seed change document', () => {
  const raw = existsSync(SEED) ? readFileSync(SEED, 'utf8') : '';
  /** The document as one line: PDF line breaks and runs of blanks become one space. */
  const flat = raw.replace(/\s+/g, ' ');

  it('cover every code the document lists as new, retired or changed', () => {
    const headed = new Set([...raw.matchAll(/^([A-Z]{4}[0-9]{2})\b/gm)].map((m) => m[1]));
    expect([...headed].sort()).toEqual(NCMP_2021_CHANGES.map((c) => c.code).sort());
  });

  it('transcribe each display, sub-text, inclusion, exclusion and note as the document prints it', () => {
    // Decisions where the extraction lost the red strike-through (see the facts module).
    const decided = new Set(['samtale med barn under 18 år om foreldres eller søskens helsetilstand (WPBE00)']);
    for (const c of NCMP_2021_CHANGES) {
      expect(flat).toContain(`${c.code} ${c.display} `);
      for (const text of [...(c.subTexts ?? []), ...(c.inclusions ?? []), ...(c.exclusions ?? []), c.note]) {
        if (!decided.has(text)) expect(flat).toContain(text.replace(/\s+/g, ' '));
      }
      for (const text of c.removedIn2021 ?? []) expect(flat).toContain(text);
    }
  });
}, SEED);
