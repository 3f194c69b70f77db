"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConceptShapeError = void 0;
exports.conceptStatus = conceptStatus;
exports.extensionProperties = extensionProperties;
exports.flattenCodeSystemConcepts = flattenCodeSystemConcepts;
/** Concept extensions an expansion repeats on the member (presentation hints the code system gives). */
const ECHOED_EXTENSIONS = new Set(['http://hl7.org/fhir/StructureDefinition/rendering-style', 'http://hl7.org/fhir/StructureDefinition/rendering-xhtml']);
/** Raised for a CodeSystem whose concepts cannot be stored (a code given twice). */
class ConceptShapeError extends Error {
}
exports.ConceptShapeError = ConceptShapeError;
/**
 * The status a concept has within its version, from the standard concept properties: `status`, then
 * `inactive=true`, then a `retirementDate` on or before the version's start; else active.
 */
function conceptStatus(properties, effectiveFrom) {
    const status = properties.find((p) => p.code === 'status');
    if (status?.valueCode)
        return status.valueCode;
    if (properties.some((p) => p.code === 'inactive' && p.valueBoolean === true))
        return 'inactive';
    const retired = properties.find((p) => p.code === 'retirementDate')?.valueDateTime;
    if (retired && effectiveFrom && retired.slice(0, 10) <= effectiveFrom)
        return 'retired';
    const deprecated = properties.find((p) => p.code === 'deprecated' || p.code === 'deprecationDate')?.valueDateTime;
    if (deprecated && effectiveFrom && deprecated.slice(0, 10) <= effectiveFrom)
        return 'deprecated';
    return 'active';
}
/** The concept extensions that R5 makes concept properties, by the property they become. */
const EXTENSION_PROPERTIES = [
    { url: 'http://hl7.org/fhir/StructureDefinition/codesystem-label', code: 'label', read: (e) => (e.valueString !== undefined ? { valueString: e.valueString } : undefined) },
    { url: 'http://hl7.org/fhir/StructureDefinition/codesystem-conceptOrder', code: 'order', read: (e) => (e.valueInteger !== undefined ? { valueDecimal: e.valueInteger } : e.valueDecimal !== undefined ? { valueDecimal: e.valueDecimal } : undefined) },
    { url: 'http://hl7.org/fhir/StructureDefinition/itemWeight', code: 'weight', read: (e) => (e.valueDecimal !== undefined ? { valueDecimal: e.valueDecimal } : undefined) },
];
/** The properties a concept's extensions give (`label`, `order`, `weight`), marked as read from an extension. */
function extensionProperties(concept) {
    const out = [];
    for (const e of concept.extension ?? []) {
        const known = EXTENSION_PROPERTIES.find((k) => k.url === e.url);
        const value = known?.read(e);
        if (known && value)
            out.push({ code: known.code, ...value, fromExtension: true });
    }
    return out;
}
/** The concept's `structuredefinition-standards-status` extension (`deprecated`, say), if it has one. */
function standardsStatus(element) {
    return element.extension?.find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status')?.valueCode;
}
/**
 * Flattens a CodeSystem's (possibly nested) concepts, keeping each one's properties and designations.
 * Pure: used by the loader (to store them) and by inline `tx-resource` code systems (to use them at once).
 */
function flattenCodeSystemConcepts(resource, effectiveFrom) {
    const out = [];
    // The property that marks a concept not selectable: `notSelectable` (or `abstract`), or any code the
    // code system gives the standard property's uri.
    const notSelectable = new Set(['notSelectable', 'abstract']);
    for (const p of resource.property ?? [])
        if (p.uri === 'http://hl7.org/fhir/concept-properties#notSelectable')
            notSelectable.add(p.code);
    const seen = new Set();
    const walk = (concepts, parent) => {
        for (const concept of concepts) {
            if (seen.has(concept.code))
                throw new ConceptShapeError(`duplicate code ${concept.code}`);
            seen.add(concept.code);
            const properties = [...(concept.property ?? []).map(({ code, ...value }) => ({ code, ...value })), ...extensionProperties(concept)];
            const designations = (concept.designation ?? []).map((d) => ({
                ...(d.language ? { language: d.language } : {}),
                ...(d.use ? { use: { system: d.use.system, code: d.use.code, display: d.use.display } } : {}),
                value: d.value,
                ...(standardsStatus(d) ? { status: standardsStatus(d) } : {}),
                ...(d.extension?.length ? { extension: d.extension } : {}),
            }));
            const parentProperty = properties.find((p) => p.code === 'parent')?.valueCode ?? null;
            out.push({
                code: concept.code,
                display: concept.display ?? null,
                definition: concept.definition ?? null,
                parentCode: parent ?? parentProperty,
                status: standardsStatus(concept) === 'deprecated' && conceptStatus(properties, effectiveFrom) === 'active' ? 'deprecated' : conceptStatus(properties, effectiveFrom),
                abstract: properties.some((p) => notSelectable.has(p.code) && p.valueBoolean === true),
                properties,
                designations,
                extensions: (concept.extension ?? []).filter((e) => ECHOED_EXTENSIONS.has(e.url)),
            });
            walk(concept.concept ?? [], concept.code);
        }
    };
    walk(resource.concept ?? [], null);
    return out;
}
//# sourceMappingURL=code-system-concepts.js.map