"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadFhirResource = loadFhirResource;
const import_error_1 = require("./import-error");
const load_code_system_1 = require("./load-code-system");
const load_common_1 = require("./load-common");
const load_concept_map_1 = require("./load-concept-map");
const load_value_set_1 = require("./load-value-set");
/**
 * Stores a FHIR CodeSystem (one version, nested concepts flattened), ValueSet, or ConceptMap (header plus
 * one row per mapping, with validity periods from the project's extensions), in one transaction, with
 * the same rules as `loadCodeSystemVersion`: identical content is `unchanged`, different content for
 * the same url and version is refused unless `replace`, a failure changes nothing.
 */
async function loadFhirResource(db, resource, opts = {}) {
    const file = opts.file ?? `${resource.resourceType}${resource.id ? `/${resource.id}` : ''}`;
    if (!resource.url)
        throw new import_error_1.ImportError(file, undefined, `${resource.resourceType} has no url`);
    switch (resource.resourceType) {
        case 'CodeSystem':
            return (0, load_code_system_1.loadFhirCodeSystem)(db, resource, file, opts);
        case 'ValueSet':
            return (0, load_common_1.atomically)(db, file, (trx) => (0, load_value_set_1.storeValueSet)(trx, resource, file, opts.replace ?? false));
        case 'ConceptMap':
            return (0, load_common_1.atomically)(db, file, (trx) => (0, load_concept_map_1.storeConceptMap)(trx, resource, file, opts.replace ?? false));
        default:
            throw new import_error_1.ImportError(file, undefined, `cannot load a ${resource.resourceType}`);
    }
}
//# sourceMappingURL=load.js.map