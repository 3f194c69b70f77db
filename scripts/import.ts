/**
 * Loads code files into the terminology store.
 *
 *   npm run import -- --system ncmp --version 2014 --from 2014-01-01 FILE [--format kith-txt] [--content fragment] [--replace]
 *   npm run import -- --manifest scripts/manifests/ncmp-sources.json [--replace]
 *   npm run import -- FILE.json            (a FHIR CodeSystem, ValueSet or ConceptMap)
 *
 * Reads DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded store, default ./data/pglite) like the server and
 * migrates the schema first. Exit code 0 on success, 1 with "file:line: problem" on failure.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../server/config';
import { ImportError } from '../server/import/import-error';
import { importFile } from '../server/import/import-file';
import type { LoadResult } from '../server/import/load';
import { loadManifest } from '../server/import/manifest';
import { CODE_FILE_FORMATS, type CodeFileFormat } from '../server/import/parse';
import { knownSystem } from '../server/terminology/code-systems';

const USAGE =
  'usage: import --system ncmp|saerkoder --version V --from YYYY-MM-DD FILE [--format F] [--content complete|fragment] [--allow-code C]… [--replace]\n' +
  '       import --manifest FILE [--replace]';

function describe(result: LoadResult, file: string): string {
  const what = `${result.resourceType} ${result.url}${result.version ? `|${result.version}` : ''}`;
  return `${result.status.padEnd(9)} ${what} (${result.rowCount} rows) from ${file}`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      system: { type: 'string' },
      version: { type: 'string' },
      from: { type: 'string' },
      format: { type: 'string' },
      content: { type: 'string' },
      'allow-code': { type: 'string', multiple: true },
      manifest: { type: 'string' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const file = positionals[0];
  if ((values.manifest === undefined) === (file === undefined) || positionals.length > 1) {
    console.error(USAGE);
    return 1;
  }
  const system = values.system === undefined ? undefined : knownSystem(values.system);
  if (values.system !== undefined && !system) throw new Error(`unknown system '${values.system}' (ncmp, saerkoder)`);
  if (values.format !== undefined && !CODE_FILE_FORMATS.includes(values.format as CodeFileFormat)) {
    throw new Error(`--format must be one of ${CODE_FILE_FORMATS.join(', ')}`);
  }
  if (values.content !== undefined && values.content !== 'complete' && values.content !== 'fragment') {
    throw new Error('--content must be complete or fragment');
  }

  const config = loadConfig();
  if (!config.databaseUrl) mkdirSync(config.pgliteDir, { recursive: true });
  const handle = await connect(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.pgliteDir });
  try {
    await migrateToLatest(handle.db);
    if (values.manifest !== undefined) {
      for (const { file: loaded, result } of await loadManifest(handle.db, values.manifest, { replace: values.replace })) {
        console.log(describe(result, loaded));
      }
    } else if (file !== undefined) {
      const result = await importFile(handle.db, file, {
        ...(system ? { system } : {}),
        ...(values.version !== undefined ? { version: values.version } : {}),
        ...(values.from !== undefined ? { effectiveFrom: values.from } : {}),
        ...(values.format !== undefined ? { format: values.format as CodeFileFormat } : {}),
        ...(values.content !== undefined ? { content: values.content as 'complete' | 'fragment' } : {}),
        ...(values['allow-code'] ? { allowCodes: values['allow-code'] } : {}),
        replace: values.replace,
      });
      console.log(describe(result, file));
    }
    return 0;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // An ImportError's message already reads "file:line: problem".
    const message = error instanceof ImportError || error instanceof Error ? error.message : String(error);
    console.error(`import failed: ${message}`);
    process.exit(1);
  },
);
