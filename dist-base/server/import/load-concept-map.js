"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.storeConceptMap = storeConceptMap;
const load_1 = require("../../db/queries/load");
const concept_map_mappings_1 = require("../terminology/concept-map-mappings");
const import_error_1 = require("./import-error");
const load_common_1 = require("./load-common");
/**
 * Stores a ConceptMap inside the caller's transaction: its header (as R4, without groups) and one row per
 * mapping; the same content again is `unchanged`, other content is refused unless `replace`.
 */
async function storeConceptMap(trx, resource, file, replace) {
    const url = resource.url ?? '';
    const version = resource.version ?? null;
    const elements = conceptMapRows(resource, file);
    const scopes = (0, concept_map_mappings_1.conceptMapScopes)(resource);
    const existing = await (0, load_1.findConceptMap)(trx, url, version);
    const resourceId = existing?.resource_id ?? resource.id ?? (0, load_common_1.idFrom)(resource.name ?? 'conceptmap', version ?? undefined);
    const stored = { ...(0, concept_map_mappings_1.conceptMapHeader)(resource), id: resourceId };
    const result = (status) => ({ status, resourceType: 'ConceptMap', url, version, resourceId, rowCount: elements.length });
    if (existing) {
        const sameHeader = (0, load_common_1.canonicalJson)(existing.resource) === (0, load_common_1.canonicalJson)(stored);
        const sameElements = sameHeader && (0, load_common_1.canonicalJson)(await (0, load_1.readConceptMapElementRows)(trx, existing.id)) === (0, load_common_1.canonicalJson)(elements);
        if (sameElements)
            return result('unchanged');
        if (!replace)
            throw new import_error_1.ImportError(file, undefined, `ConceptMap ${url}|${version ?? ''} is already loaded with other content; use --replace to replace it`);
        await (0, load_1.deleteConceptMap)(trx, existing.id);
    }
    const conceptMapId = await (0, load_1.insertConceptMap)(trx, {
        url,
        version,
        resource_id: resourceId,
        name: resource.name ?? null,
        title: resource.title ?? null,
        status: resource.status,
        date: resource.date ?? null,
        source_scope: scopes.sourceScope,
        target_scope: scopes.targetScope,
        resource: JSON.stringify(stored),
    });
    await (0, load_1.insertConceptMapElements)(trx, elements.map((row) => ({ ...row, concept_map_id: conceptMapId })));
    await (0, load_1.bumpContentRevision)(trx);
    return result(existing ? 'replaced' : 'loaded');
}
/** The map's mappings as rows (read by `conceptMapMappings`, the reader inline maps use too). */
function conceptMapRows(map, file) {
    let mappings;
    try {
        mappings = (0, concept_map_mappings_1.conceptMapMappings)(map);
    }
    catch (error) {
        if (error instanceof concept_map_mappings_1.ConceptMapShapeError)
            throw new import_error_1.ImportError(file, undefined, error.message);
        throw error;
    }
    return mappings.map((m) => ({
        source_system: m.sourceSystem,
        source_version: m.sourceVersion,
        source_code: m.sourceCode,
        source_display: m.sourceDisplay,
        target_system: m.targetSystem,
        target_version: m.targetVersion,
        target_code: m.targetCode,
        target_display: m.targetDisplay,
        equivalence: m.equivalence,
        comment: m.comment,
        valid_from: m.validFrom,
        valid_to: m.validTo,
        validity_note: m.validityNote,
    }));
}
//# sourceMappingURL=load-concept-map.js.map