"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.STORE_FORMAT = exports.SHORT_TEXT_USE = void 0;
exports.loadCodeSystemVersion = loadCodeSystemVersion;
exports.unchangedCodeList = unchangedCodeList;
exports.registerKnownSystems = registerKnownSystems;
exports.versionValueSet = versionValueSet;
exports.loadFhirCodeSystem = loadFhirCodeSystem;
const load_1 = require("../../db/queries/load");
const code_system_concepts_1 = require("../terminology/code-system-concepts");
const systems_1 = require("../terminology/systems");
const import_error_1 = require("./import-error");
const load_common_1 = require("./load-common");
const load_value_set_1 = require("./load-value-set");
const model_1 = require("../terminology/model");
/** A CodeSystem's `structuredefinition-standards-status` extension (`deprecated`, `withdrawn`), if any. */
function standardsStatusOf(resource) {
    return resource.extension?.find((e) => e.url === model_1.STANDARDS_STATUS_EXT)?.valueCode;
}
/** Designation use of the 60-character text of Helsedirektoratet's exports (`Tekst_med_maksimalt_60_tegn`). */
exports.SHORT_TEXT_USE = { system: `${systems_1.PROJECT_BASE}/CodeSystem/designation-use`, code: 'short-text-60', display: 'Tekst med maksimalt 60 tegn' };
/**
 * Stores one version of a known code system from a code list, in one transaction: the code system row
 * and its aliases, the version, the concepts (for NCMP with derived chapter/section/group concepts),
 * the effective periods of all its versions, a ValueSet of the version's selectable codes, and a new
 * content revision. A version already stored from the same bytes is left alone (`unchanged`); from
 * other bytes it is refused unless `replace`. Any failure leaves the database as it was.
 *
 * @example
 * await loadCodeSystemVersion(db, { system: NCMP, version: '2014', effectiveFrom: '2014-01-01',
 *   content: 'complete', concepts: parsed.concepts, source: { file, sha256, format, encoding } });
 */
async function loadCodeSystemVersion(db, input) {
    const { system, version, source } = input;
    (0, load_common_1.checkDate)(input.effectiveFrom, source.file);
    const resourceId = `${system.idPrefix}-${version}`;
    const rows = system.key === 'ncmp' ? ncmpConceptRows(input.concepts) : plainConceptRows(input.concepts);
    return (0, load_common_1.atomically)(db, source.file, (trx) => storeVersion(trx, {
        codeSystem: knownCodeSystemRow(system),
        aliases: system.aliases,
        version,
        resourceId,
        status: 'active',
        content: input.content,
        effectiveFrom: input.effectiveFrom,
        published: null,
        description: null,
        valueSetUrl: system.valueSetUrl,
        valueSet: versionValueSet(system, version, resourceId),
        source: { ...source },
        sha256: source.sha256,
        rows,
        replace: input.replace ?? false,
    }));
}
/**
 * The result of loading a code list whose bytes are stored already (same system, version, SHA-256,
 * effective date and content flag, and format when one is named), or `undefined`. The same rule as
 * `storeVersion` applies, checked before the file is parsed: a server that loads its manifest at every
 * start then parses only new files.
 */
async function unchangedCodeList(db, input) {
    const stored = await (0, load_1.findCodeSystem)(db, input.system.url);
    const existing = stored ? await (0, load_1.findCodeSystemVersion)(db, stored.id, input.version) : undefined;
    if (!existing)
        return undefined;
    // A version loaded from the published FHIR content names the code file it was generated from: the same
    // file again is the same content, not a conflicting load.
    const generatedFrom = existing.source.generatedFrom;
    const sameBytes = existing.source.sha256 === input.sha256 || generatedFrom?.sha256 === input.sha256;
    const same = sameBytes && existing.effective_from === input.effectiveFrom && existing.content === input.content;
    if (!same || (input.format !== undefined && generatedFrom === undefined && existing.source.format !== input.format))
        return undefined;
    if (!storedInCurrentFormat(existing.source))
        return undefined;
    return {
        status: 'unchanged',
        resourceType: 'CodeSystem',
        url: input.system.url,
        version: input.version,
        resourceId: existing.resource_id,
        rowCount: await (0, load_1.countConcepts)(db, existing.id),
    };
}
/**
 * What `storeVersion` writes beside the codes, as a number kept in the version's `source`: 2 since a version keeps its
 * `attributes` (language, experimental, standards status, property uris) and its concepts' extensions (migrations
 * 20261203T1600 and T1700). A version stored by an older server (no number) is stored again from the same bytes
 * the next time they are loaded, for instance at the next start, so that an upgraded server answers as a fresh one.
 */
exports.STORE_FORMAT = 2;
/** Whether a stored version was written by this `storeVersion` (not by an older one that kept less). */
function storedInCurrentFormat(source) {
    return typeof source.storeFormat === 'number' && source.storeFormat >= exports.STORE_FORMAT;
}
/** The shared core of code-list and FHIR CodeSystem loads; runs inside the caller's transaction. */
async function storeVersion(trx, input) {
    const file = String(input.source.file);
    const url = input.codeSystem.url;
    const result = (status) => ({
        status,
        resourceType: 'CodeSystem',
        url,
        version: input.version,
        resourceId: input.resourceId,
        rowCount: input.rows.length,
    });
    const stored = await (0, load_1.findCodeSystem)(trx, url);
    const existing = stored ? await (0, load_1.findCodeSystemVersion)(trx, stored.id, input.version) : undefined;
    if (existing) {
        // The same bytes under another date or content flag is a different version record, not a no-op.
        const same = existing.source.sha256 === input.sha256 && existing.effective_from === input.effectiveFrom && existing.content === input.content;
        if (same && storedInCurrentFormat(existing.source))
            return { ...result('unchanged'), resourceId: existing.resource_id };
        // Other content needs --replace. The same bytes stored by an older server are stored again, with what this one keeps.
        if (!same && !input.replace) {
            throw new import_error_1.ImportError(file, undefined, `version ${input.version} of ${url} is already loaded from other content or with another effective date (${String(existing.source.file)}, ${existing.effective_from === null ? 'without an effective period' : `from ${existing.effective_from}`}); use --replace to replace it`);
        }
        await (0, load_1.deleteCodeSystemVersion)(trx, existing.id);
    }
    const sameDay = stored && input.effectiveFrom !== null ? await (0, load_1.findVersionStartingOn)(trx, stored.id, input.effectiveFrom) : undefined;
    if (sameDay && sameDay.version !== input.version) {
        throw new import_error_1.ImportError(file, undefined, `version ${sameDay.version} of ${url} is already in force from ${input.effectiveFrom}; two versions cannot start on the same day (give version ${input.version} its own effective date)`);
    }
    const codeSystemId = await (0, load_1.upsertCodeSystem)(trx, input.codeSystem);
    await (0, load_1.addCodeSystemAliases)(trx, codeSystemId, input.aliases);
    const versionId = await (0, load_1.insertCodeSystemVersion)(trx, {
        code_system_id: codeSystemId,
        version: input.version,
        resource_id: input.resourceId,
        status: input.status,
        content: input.content,
        effective_from: input.effectiveFrom,
        effective_to: null,
        published: input.published,
        description: input.description,
        value_set_url: input.valueSetUrl,
        supplements: input.supplements ?? null,
        attributes: JSON.stringify(input.attributes ?? {}),
        source: JSON.stringify({ ...input.source, sha256: input.sha256, storeFormat: exports.STORE_FORMAT }),
        // The version's own codes: derived hierarchy concepts are not among them (CodeSystem.count).
        concept_count: input.rows.filter((row) => !isDerived(row)).length,
    });
    await (0, load_1.insertConcepts)(trx, input.rows.map((row) => ({ ...row, version_id: versionId })));
    await (0, load_1.chainEffectiveTo)(trx, codeSystemId);
    if (input.valueSet)
        await (0, load_1.upsertValueSet)(trx, (0, load_value_set_1.valueSetRow)(input.valueSet, input.valueSet.id ?? input.resourceId));
    await (0, load_1.bumpContentRevision)(trx);
    return result(existing ? 'replaced' : 'loaded');
}
/**
 * Registers the code systems this server knows by heart (NCMP, særkoder) with their aliases, so that
 * they are recognised (and their aliases resolve) before any of their versions is loaded. Idempotent:
 * bumps the content revision only when something was added.
 */
async function registerKnownSystems(db) {
    await db.transaction().execute(async (trx) => {
        let changed = false;
        for (const system of systems_1.KNOWN_SYSTEMS) {
            const existing = await (0, load_1.findCodeSystem)(trx, system.url);
            const id = existing?.id ?? (await (0, load_1.upsertCodeSystem)(trx, knownCodeSystemRow(system)));
            const stored = await (0, load_1.readAliases)(trx, id);
            const missing = system.aliases.filter((a) => !stored.includes(a));
            if (!existing || missing.length > 0) {
                changed = true;
                await (0, load_1.addCodeSystemAliases)(trx, id, missing);
            }
        }
        if (changed)
            await (0, load_1.bumpContentRevision)(trx);
    });
}
function knownCodeSystemRow(system) {
    return {
        url: system.url,
        name: system.name,
        title: system.title,
        publisher: system.publisher,
        description: system.description,
        identifiers: JSON.stringify(system.identifiers),
        hierarchy_meaning: system.hierarchyMeaning ?? null,
        case_sensitive: true,
    };
}
/**
 * The ValueSet of all selectable codes of one version of a known system. The content generator publishes
 * the same resource, so that loading the published ValueSet after its CodeSystem changes nothing.
 */
function versionValueSet(system, version, resourceId, meta = {}) {
    return {
        resourceType: 'ValueSet',
        id: resourceId,
        url: system.valueSetUrl,
        version,
        name: `${system.name}_${version.replace(/[^A-Za-z0-9]/g, '_')}`,
        title: `${system.title}, versjon ${version}`,
        status: meta.status ?? 'active',
        ...(meta.publisher ? { publisher: meta.publisher } : {}),
        description: `Alle valgbare koder i ${system.name} versjon ${version}.`,
        ...(meta.copyright ? { copyright: meta.copyright } : {}),
        compose: {
            include: [{ system: system.url, version, filter: [{ property: 'notSelectable', op: '=', value: 'false' }] }],
        },
    };
}
/**
 * The properties of a derived hierarchy concept: not selectable, and marked `derived` (no source lists it), so
 * that it is not counted as one of the version's codes.
 */
const DERIVED = [
    { code: 'notSelectable', valueBoolean: true },
    { code: 'derived', valueBoolean: true },
];
/** Whether a concept row is one of the derived hierarchy concepts of `withNcmpGroups`. */
function isDerived(row) {
    return typeof row.properties === 'string' && row.properties.includes('"derived"');
}
/** Properties and designations a code-list line carries beyond code and text. */
function extras(concept) {
    const properties = [];
    if (concept.validFrom)
        properties.push({ code: 'effectiveDate', valueDateTime: concept.validFrom });
    if (concept.validTo)
        properties.push({ code: 'retirementDate', valueDateTime: concept.validTo });
    const designations = concept.shortText ? [{ language: 'nb', use: exports.SHORT_TEXT_USE, value: concept.shortText }] : [];
    return { properties, designations };
}
function plainConceptRows(concepts) {
    return concepts.map((concept) => {
        const { properties, designations } = extras(concept);
        return {
            code: concept.code,
            display: concept.display,
            parent_code: concept.parentCode ?? null,
            status: 'active',
            abstract: false,
            properties: JSON.stringify(properties),
            designations: JSON.stringify(designations),
        };
    });
}
/**
 * NCMP rows with the hierarchy the code shape implies (DOMAIN.md §3): the files hold only leaf codes, so
 * chapter (`W`), section (`WB`) and group (`WBGM`) are added as abstract, not selectable concepts.
 */
function ncmpConceptRows(concepts) {
    const leaves = concepts.map((concept) => {
        const { properties, designations } = extras(concept);
        const group = concept.code.slice(0, 4);
        // The file's own parent is kept when it disagrees with the derived one, never silently dropped.
        if (concept.parentCode && concept.parentCode !== group)
            properties.push({ code: 'foreldrekode', valueCode: concept.parentCode });
        return {
            code: concept.code,
            display: concept.display,
            parent_code: null,
            status: 'active',
            abstract: false,
            properties: JSON.stringify(properties),
            designations: JSON.stringify(designations),
        };
    });
    return withNcmpGroups(leaves);
}
/**
 * Adds the chapter (`W`), section (`WB`) and group (`WBGM`) concepts that NCMP's code shape implies
 * (DOMAIN.md §3) as abstract, not selectable, derived concepts, and hangs every six-character code without a
 * parent under its group. Used for code files and for FHIR CodeSystems of NCMP alike. No source names these
 * levels, so they carry no display: a made-up title ("Kapittel A") would be published as if a source gave it.
 */
function withNcmpGroups(rows) {
    const levels = [{ length: 1 }, { length: 2 }, { length: 4 }];
    const present = new Set(rows.map((r) => r.code));
    const synthetic = new Map();
    const out = rows.map((row) => {
        if (row.code.length !== 6 || row.parent_code !== null)
            return row;
        for (const [index, level] of levels.entries()) {
            const code = row.code.slice(0, level.length);
            if (synthetic.has(code) || present.has(code))
                continue;
            const parent = levels[index - 1];
            synthetic.set(code, {
                code,
                display: null,
                parent_code: parent ? code.slice(0, parent.length) : null,
                status: 'active',
                abstract: true,
                properties: JSON.stringify(DERIVED),
                designations: '[]',
            });
        }
        return { ...row, parent_code: row.code.slice(0, 4) };
    });
    return [...synthetic.values(), ...out];
}
/** Stores one version of a FHIR CodeSystem (see `loadFhirResource`). */
async function loadFhirCodeSystem(db, resource, file, opts) {
    const url = resource.url ?? '';
    const version = resource.version;
    if (!version)
        throw new import_error_1.ImportError(file, undefined, `CodeSystem ${url} has no version: each version is stored separately`);
    // Most CodeSystems carry no effective period: such a version is stored without one, not given a made-up date.
    const effectiveFrom = (0, load_common_1.dateOnly)((0, load_common_1.extension)(resource.extension, systems_1.EFFECTIVE_PERIOD_EXT)?.valuePeriod?.start) ?? opts.effectiveFrom ?? null;
    if (effectiveFrom !== null)
        (0, load_common_1.checkDate)(effectiveFrom, file);
    // Only the primary url makes it one of our systems: content sent under an alias is stored as sent.
    const known = systems_1.KNOWN_SYSTEMS.find((s) => s.url === url);
    const resourceId = known ? `${known.idPrefix}-${version}` : resource.id ?? (0, load_common_1.idFrom)(resource.name ?? 'codesystem', version);
    const identifiers = (resource.identifier ?? []).flatMap((i) => (i.system && i.value ? [{ system: i.system, value: i.value }] : []));
    const flat = flattenConcepts(resource, effectiveFrom, file);
    const rows = known?.key === 'ncmp' ? withNcmpGroups(flat) : flat;
    const canonical = (0, load_common_1.canonicalJson)(resource);
    return (0, load_common_1.atomically)(db, file, (trx) => storeVersion(trx, {
        codeSystem: {
            url,
            name: resource.name ?? known?.name ?? url,
            title: resource.title ?? known?.title ?? null,
            publisher: resource.publisher ?? known?.publisher ?? null,
            description: resource.description ?? known?.description ?? null,
            identifiers: JSON.stringify(identifiers.length > 0 ? identifiers : known?.identifiers ?? []),
            hierarchy_meaning: resource.hierarchyMeaning ?? known?.hierarchyMeaning ?? null,
            case_sensitive: resource.caseSensitive ?? true,
        },
        aliases: known?.aliases ?? [],
        version,
        resourceId,
        status: resource.status,
        content: resource.content,
        effectiveFrom,
        published: (0, load_common_1.dateOnly)(resource.date),
        description: resource.description ?? null,
        valueSetUrl: resource.valueSet ?? known?.valueSetUrl ?? null,
        supplements: resource.supplements ?? null,
        attributes: {
            ...(resource.language ? { language: resource.language } : {}),
            ...(resource.experimental !== undefined ? { experimental: resource.experimental } : {}),
            ...(standardsStatusOf(resource) ? { standardsStatus: standardsStatusOf(resource) } : {}),
            ...(resource.property?.length ? { propertyUris: Object.fromEntries(resource.property.map((p) => [p.code, p.uri ?? ''])) } : {}),
        },
        valueSet: known
            ? versionValueSet(known, version, resourceId, {
                status: resource.status,
                ...(resource.publisher ? { publisher: resource.publisher } : {}),
                ...(resource.copyright ? { copyright: resource.copyright } : {}),
            })
            : undefined,
        source: { file, format: 'fhir-json', encoding: 'utf-8', ...generatedFrom(resource) },
        sha256: (0, load_common_1.sha256)(canonical),
        rows,
        replace: opts.replace ?? false,
    }));
}
/** The code file a published CodeSystem names as its source (`SOURCE_FILE_EXT`), kept with the version. */
function generatedFrom(resource) {
    const parts = (0, load_common_1.extension)(resource.extension, systems_1.SOURCE_FILE_EXT)?.extension ?? [];
    const file = parts.find((e) => e.url === 'file')?.valueString;
    const sha = parts.find((e) => e.url === 'sha256')?.valueString;
    return file && sha ? { generatedFrom: { file, sha256: sha } } : {};
}
/** Nested concepts as rows (see `flattenCodeSystemConcepts`), with the file named in errors. */
function flattenConcepts(resource, effectiveFrom, file) {
    let flat;
    try {
        flat = (0, code_system_concepts_1.flattenCodeSystemConcepts)(resource, effectiveFrom ?? undefined);
    }
    catch (error) {
        if (error instanceof code_system_concepts_1.ConceptShapeError)
            throw new import_error_1.ImportError(file, undefined, error.message);
        throw error;
    }
    return flat.map((c) => ({
        code: c.code,
        display: c.display,
        definition: c.definition,
        parent_code: c.parentCode,
        status: c.status,
        abstract: c.abstract,
        properties: JSON.stringify(c.properties),
        designations: JSON.stringify(c.designations),
        extensions: JSON.stringify(c.extensions),
    }));
}
//# sourceMappingURL=load-code-system.js.map