/**
 * The last step of `npm run build`: makes the packaged PGlite database of this build and this content
 * (`dist/pglite-template/<key>.tar.gz`, see `server/pglite-template.ts`) when it is not there yet. Takes a few
 * seconds when the migrations, the store's code or `fhir-resources/package` changed, and well under a second
 * otherwise. Exit 1 when it cannot be made (the migrations or the shipped content fail to load).
 */
import { relative } from 'node:path';
import { buildTemplate } from '../server/pglite-template';

buildTemplate().then(
  (result) => {
    if (result.built) process.stderr.write(`PGlite template ${relative(process.cwd(), result.file)} made in ${(result.ms / 1000).toFixed(1)} s\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`making the PGlite template failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
