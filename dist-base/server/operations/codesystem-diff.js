"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.codeSystemDiff = exports.CSV_COLUMNS = exports.definition = exports.DIFF_DEFINITION_URL = void 0;
exports.versionByVersionOrDate = versionByVersionOrDate;
exports.diffRequest = diffRequest;
exports.handler = handler;
exports.changeLabel = changeLabel;
exports.changesCsv = changesCsv;
exports.parametersCsv = parametersCsv;
const sync_1 = require("csv-stringify/sync");
const parameters_1 = require("../../fhir-resources/parameters");
const outcome_1 = require("../fhir/outcome");
const dates_1 = require("../terminology/dates");
const diff_1 = require("../terminology/diff");
const resolve_1 = require("../terminology/resolve");
exports.DIFF_DEFINITION_URL = 'https://ncmp-terminology.example/fhir/OperationDefinition/CodeSystem-diff';
exports.definition = {
    name: 'CodeSystem/$diff',
    definitionUrl: exports.DIFF_DEFINITION_URL,
    parameters: [
        { name: 'system', type: 'uri', aliases: ['url'] },
        { name: 'from', type: 'string' },
        { name: 'to', type: 'string' },
        { name: 'type', type: 'code', max: '*' },
    ],
};
/** A version of `system` named by its version string, or the one in force on a date (`2019`, `2019-06-01`). */
function versionByVersionOrDate(system, given) {
    const exact = system.versions.find((v) => v.version === given && !v.inline);
    if (exact)
        return exact;
    const date = (0, dates_1.toIsoDate)(given);
    if (date === undefined) {
        throw outcome_1.FhirError.notFound(`${system.name} (${system.url}) has no version '${given}', and '${given}' is not a date; known versions: ${system.versions.map((v) => v.version).join(', ')}`);
    }
    const inForce = system.versions.filter((v) => !v.inline && (0, resolve_1.covers)(v, date)).at(-1);
    if (!inForce)
        throw outcome_1.FhirError.notFound(`No version of ${system.name} (${system.url}) was in force on ${date}`);
    return inForce;
}
/** The change types asked for (repeated or comma-separated); all when none. */
function changeTypes(input) {
    const given = input.strings('type').flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
    for (const t of given) {
        if (!diff_1.CHANGE_TYPES.includes(t)) {
            throw outcome_1.FhirError.invalid(`Unknown change type '${t}'; use ${diff_1.CHANGE_TYPES.join(', ')}`, ['type']);
        }
    }
    return new Set((given.length > 0 ? given : diff_1.CHANGE_TYPES));
}
/** The diff a request asks for: the system, both versions and the changes (filtered by type). */
async function diffRequest(snapshot, query) {
    if (!query.system)
        throw outcome_1.FhirError.invalid('$diff needs the code system: give system (or url)', ['system']);
    if (!query.from)
        throw outcome_1.FhirError.invalid('$diff needs from: a version or a date', ['from']);
    if (!query.to)
        throw outcome_1.FhirError.invalid('$diff needs to: a version or a date', ['to']);
    const system = snapshot.system(query.system.split('|')[0]);
    if (!system)
        throw outcome_1.FhirError.notFound(`A definition for CodeSystem '${query.system}' could not be found`);
    const from = versionByVersionOrDate(system, query.from);
    const to = versionByVersionOrDate(system, query.to);
    if (from.effectiveFrom !== null && to.effectiveFrom !== null && from.effectiveFrom > to.effectiveFrom) {
        throw outcome_1.FhirError.invalid(`from (${(0, resolve_1.versionLabel)(from)}, in force from ${from.effectiveFrom}) is later than to (${(0, resolve_1.versionLabel)(to)}, from ${to.effectiveFrom}); swap them`, ['from']);
    }
    const types = query.types ?? new Set(diff_1.CHANGE_TYPES);
    const changes = (await (0, diff_1.diffVersions)(snapshot, from, to)).filter((c) => types.has(c.type));
    return { system, from, to, changes };
}
/** Compares two versions of a code system. */
async function handler(input, ctx) {
    const { system, from, to, changes } = await diffRequest(ctx.snapshot, {
        system: input.string('system'),
        from: input.string('from'),
        to: input.string('to'),
        types: changeTypes(input),
    });
    const related = (name, r) => parameters_1.out.coding(name, { system: r.system, code: r.code, ...(r.display ? { display: r.display } : {}) });
    return (0, parameters_1.parameters)([
        parameters_1.out.uri('system', system.url),
        parameters_1.out.string('from', from.version),
        parameters_1.out.string('to', to.version),
        ...changes.map((c) => parameters_1.out.parts('change', [
            parameters_1.out.code('code', c.code),
            parameters_1.out.code('type', c.type),
            c.fromDisplay !== undefined && parameters_1.out.string('fromDisplay', c.fromDisplay),
            c.toDisplay !== undefined && parameters_1.out.string('toDisplay', c.toDisplay),
            ...c.successors.map((s) => related('successor', s)),
            ...c.predecessors.map((p) => related('predecessor', p)),
        ].filter((p) => p !== false))),
    ]);
}
/** A change type in Norwegian, for the pages. */
function changeLabel(type) {
    return { added: 'ny', retired: 'utgått', reactivated: 'gjeninnført', 'text-changed': 'endret tekst' }[type];
}
exports.CSV_COLUMNS = ['code', 'type', 'fromDisplay', 'toDisplay', 'successor', 'predecessor'];
/** The changes as CSV (RFC 4180, a header line; several successors are joined with a space). */
function changesCsv(changes) {
    return (0, sync_1.stringify)(changes.map((c) => [c.code, c.type, c.fromDisplay ?? '', c.toDisplay ?? '', c.successors.map((s) => s.code).join(' '), c.predecessors.map((p) => p.code).join(' ')]), { header: true, columns: [...exports.CSV_COLUMNS], record_delimiter: 'windows' });
}
/** The `$diff` answer (a Parameters) as CSV. */
function parametersCsv(result) {
    const changes = (result.parameter ?? [])
        .filter((p) => p.name === 'change')
        .map((p) => {
        const part = (n) => p.part?.find((x) => x.name === n);
        const all = (n) => (p.part ?? []).filter((x) => x.name === n).map((x) => ({ system: x.valueCoding?.system ?? '', code: x.valueCoding?.code ?? '', display: x.valueCoding?.display }));
        return {
            code: part('code')?.valueCode ?? '',
            type: part('type')?.valueCode,
            fromDisplay: part('fromDisplay')?.valueString,
            toDisplay: part('toDisplay')?.valueString,
            successors: all('successor'),
            predecessors: all('predecessor'),
        };
    });
    return changesCsv(changes);
}
exports.codeSystemDiff = { resourceType: 'CodeSystem', code: 'diff', definition: exports.definition, handler, csv: parametersCsv };
//# sourceMappingURL=codesystem-diff.js.map