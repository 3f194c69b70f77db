"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.valueSetRow = valueSetRow;
exports.storeValueSet = storeValueSet;
const load_1 = require("../../db/queries/load");
const import_error_1 = require("./import-error");
const load_common_1 = require("./load-common");
/** The value_set row of a ValueSet stored under `resourceId`. */
function valueSetRow(resource, resourceId) {
    return {
        url: resource.url ?? '',
        version: resource.version ?? null,
        resource_id: resourceId,
        name: resource.name ?? null,
        title: resource.title ?? null,
        status: resource.status,
        date: resource.date ?? null,
        resource: JSON.stringify({ ...resource, id: resourceId }),
    };
}
/**
 * Stores a ValueSet inside the caller's transaction: the same content again is `unchanged`, other content for
 * the same url and version is refused unless `replace`.
 */
async function storeValueSet(trx, resource, file, replace) {
    const url = resource.url ?? '';
    const version = resource.version ?? null;
    const existing = await (0, load_1.findValueSet)(trx, url, version);
    const resourceId = existing?.resource_id ?? resource.id ?? (0, load_common_1.idFrom)(resource.name ?? 'valueset', version ?? undefined);
    const result = (status) => ({ status, resourceType: 'ValueSet', url, version, resourceId, rowCount: 1 });
    if (existing) {
        if ((0, load_common_1.canonicalJson)(existing.resource) === (0, load_common_1.canonicalJson)({ ...resource, id: resourceId }))
            return result('unchanged');
        if (!replace)
            throw new import_error_1.ImportError(file, undefined, `ValueSet ${url}|${version ?? ''} is already loaded with other content; use --replace to replace it`);
    }
    await (0, load_1.upsertValueSet)(trx, valueSetRow(resource, resourceId));
    await (0, load_1.bumpContentRevision)(trx);
    return result(existing ? 'replaced' : 'loaded');
}
//# sourceMappingURL=load-value-set.js.map