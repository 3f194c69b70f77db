"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.instanceVersion = instanceVersion;
exports.singleCoding = singleCoding;
const outcome_1 = require("./outcome");
/** The code system a CodeSystem instance-level call names: `CodeSystem/ncmp-2014/$lookup` → NCMP 2014. */
function instanceVersion(snapshot, id) {
    if (id === undefined)
        return undefined;
    const version = snapshot.versionByResourceId(id);
    if (!version)
        throw outcome_1.FhirError.notFound(`CodeSystem/${id} is not known to this server`);
    return version;
}
/**
 * The single coding an operation is asked about, from `code`+`system`(+`version`) or `coding`
 * (exactly one of the two forms), with instance-level pinning applied.
 */
function singleCoding(input, names, instance, snapshot) {
    const code = input.string(names.code);
    const coding = input.coding(names.coding);
    if (code !== undefined && coding !== undefined) {
        throw outcome_1.FhirError.invalid(`Give either '${names.code}' or '${names.coding}', not both`, [names.code, names.coding]);
    }
    if (code === undefined && coding === undefined) {
        throw outcome_1.FhirError.invalid(`A '${names.code}' (with '${names.system}') or a '${names.coding}' is required`, [names.code]);
    }
    const given = coding ?? { code, system: input.string(names.system), version: input.string(names.version) };
    const form = coding ? 'coding' : 'code';
    if (given.code === undefined)
        throw outcome_1.FhirError.invalid(`${names.coding} has no code`, [`${names.coding}.code`]);
    if (instance) {
        if (given.system !== undefined && snapshot.system(given.system) !== instance.system) {
            throw outcome_1.FhirError.invalid(`System '${given.system}' does not match CodeSystem/${instance.resourceId} (${instance.system.url})`, [form === 'code' ? names.system : `${names.coding}.system`]);
        }
        if (given.version !== undefined && given.version !== instance.version) {
            throw outcome_1.FhirError.invalid(`Version '${given.version}' does not match CodeSystem/${instance.resourceId} (version ${instance.version})`, [form === 'code' ? names.version : `${names.coding}.version`]);
        }
        return { coding: { ...given, system: instance.system.url, version: instance.version }, form };
    }
    if (given.system === undefined) {
        throw outcome_1.FhirError.invalid(`'${names.system}' is required with '${names.code}'`, [form === 'code' ? names.system : `${names.coding}.system`]);
    }
    return { coding: given, form };
}
//# sourceMappingURL=coded-input.js.map