"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The last step of `npm run build`: makes the packaged PGlite database of this build and this content
 * (`dist/pglite-template/<key>.tar.gz`, see `server/pglite-template.ts`) when it is not there yet. Takes a few
 * seconds when the migrations, the store's code or `fhir-resources/package` changed, and well under a second
 * otherwise. Exit 1 when it cannot be made (the migrations or the shipped content fail to load).
 */
const node_path_1 = require("node:path");
const pglite_template_1 = require("../server/pglite-template");
(0, pglite_template_1.buildTemplate)().then((result) => {
    if (result.built)
        process.stderr.write(`PGlite template ${(0, node_path_1.relative)(process.cwd(), result.file)} made in ${(result.ms / 1000).toFixed(1)} s\n`);
    process.exit(0);
}, (error) => {
    process.stderr.write(`making the PGlite template failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
});
//# sourceMappingURL=pglite-template.js.map