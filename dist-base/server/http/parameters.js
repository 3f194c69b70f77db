"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_REPEATS = void 0;
exports.readParametersResource = readParametersResource;
exports.readInput = readInput;
const dates_1 = require("../terminology/dates");
const operation_1 = require("../fhir/operation");
const outcome_1 = require("../fhir/outcome");
const resource_shape_1 = require("./resource-shape");
/** Query parameters every FHIR interaction may carry and that do not change an operation's meaning. */
const GENERAL_PARAMETERS = new Set(['_format', '_pretty']);
const PRIMITIVE_TYPES = new Set(['code', 'uri', 'canonical', 'string', 'boolean', 'integer', 'dateTime']);
/** The value[x] names accepted for each type (a lenient client may send valueString for a code). */
const VALUE_KEYS = {
    code: ['valueCode', 'valueString', 'valueId'],
    uri: ['valueUri', 'valueUrl', 'valueCanonical', 'valueString'],
    canonical: ['valueCanonical', 'valueUri', 'valueUrl', 'valueString'],
    string: ['valueString', 'valueCode', 'valueMarkdown', 'valueId'],
    boolean: ['valueBoolean'],
    integer: ['valueInteger', 'valueUnsignedInt', 'valuePositiveInt'],
    dateTime: ['valueDateTime', 'valueDate', 'valueInstant', 'valueString'],
    Coding: ['valueCoding'],
    CodeableConcept: ['valueCodeableConcept'],
    Resource: ['resource'],
};
/** Largest number of values one request may give for a repeating parameter or in one CodeableConcept. */
exports.MAX_REPEATS = 100;
function parsePrimitive(def, raw) {
    const where = [def.name];
    if (raw.length > 4096)
        throw outcome_1.FhirError.invalid(`Parameter '${def.name}' is longer than 4096 characters`, where);
    switch (def.type) {
        case 'boolean':
            if (raw !== 'true' && raw !== 'false') {
                throw outcome_1.FhirError.invalid(`Parameter '${def.name}' must be 'true' or 'false', got '${raw}'`, where);
            }
            return raw === 'true';
        case 'integer':
            if (!/^-?\d{1,9}$/.test(raw))
                throw outcome_1.FhirError.invalid(`Parameter '${def.name}' must be an integer, got '${raw}'`, where);
            return Number(raw);
        case 'dateTime':
            if ((0, dates_1.toIsoDate)(raw) === undefined) {
                throw outcome_1.FhirError.invalid(`Parameter '${def.name}' must be a FHIR date or dateTime (e.g. 2021-06-01), got '${raw}'`, where);
            }
            return raw;
        case 'code':
            if (raw === '' || /^\s|\s$/.test(raw) || /\s\s/.test(raw)) {
                throw outcome_1.FhirError.invalid(`Parameter '${def.name}' is not a valid code: '${raw}'`, where);
            }
            return raw;
        case 'uri':
        case 'canonical':
            if (raw === '' || /\s/.test(raw))
                throw outcome_1.FhirError.invalid(`Parameter '${def.name}' is not a valid URI: '${raw}'`, where);
            return raw;
        default:
            if (raw === '')
                throw outcome_1.FhirError.invalid(`Parameter '${def.name}' is empty`, where);
            return raw;
    }
}
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function checkCoding(value, path) {
    if (!isRecord(value))
        throw outcome_1.FhirError.invalid(`${path} must be a Coding object`, [path]);
    for (const key of ['system', 'version', 'code', 'display']) {
        const v = value[key];
        if (v !== undefined && (typeof v !== 'string' || v === '')) {
            throw outcome_1.FhirError.invalid(`${path}.${key} must be a non-empty string`, [`${path}.${key}`]);
        }
    }
    if (value.userSelected !== undefined && typeof value.userSelected !== 'boolean') {
        throw outcome_1.FhirError.invalid(`${path}.userSelected must be a boolean`, [`${path}.userSelected`]);
    }
    return value;
}
function checkCodeableConcept(value, path) {
    if (!isRecord(value))
        throw outcome_1.FhirError.invalid(`${path} must be a CodeableConcept object`, [path]);
    if (value.coding !== undefined) {
        if (!Array.isArray(value.coding))
            throw outcome_1.FhirError.invalid(`${path}.coding must be an array`, [`${path}.coding`]);
        if (value.coding.length > exports.MAX_REPEATS) {
            throw new outcome_1.FhirError(413, {
                severity: 'error',
                code: 'too-costly',
                text: `${path} has ${value.coding.length} codings; at most ${exports.MAX_REPEATS} are accepted`,
            });
        }
        value.coding.forEach((c, i) => checkCoding(c, `${path}.coding[${i}]`));
    }
    if (value.text !== undefined && typeof value.text !== 'string')
        throw outcome_1.FhirError.invalid(`${path}.text must be a string`);
    return value;
}
function parameterValue(def, p, index) {
    const record = p;
    const present = Object.keys(record).filter((k) => k.startsWith('value') || k === 'resource');
    const accepted = VALUE_KEYS[def.type];
    const key = present.find((k) => accepted.includes(k));
    const path = `Parameters.parameter[${index}]`;
    if (!key) {
        const got = present.length > 0 ? present.join(', ') : 'no value';
        throw outcome_1.FhirError.invalid(`Parameter '${def.name}' must be of type ${def.type}; got ${got}`, [path]);
    }
    const raw = record[key];
    if (def.type === 'Coding')
        return checkCoding(raw, def.name);
    if (def.type === 'CodeableConcept')
        return checkCodeableConcept(raw, def.name);
    if (def.type === 'Resource') {
        if (!isRecord(raw) || typeof raw.resourceType !== 'string') {
            throw outcome_1.FhirError.invalid(`Parameter '${def.name}' must carry a resource`, [path]);
        }
        // The terminology logic trusts the shape of what it is given: an inline resource is checked here, once.
        if (resource_shape_1.WRITABLE.has(raw.resourceType)) {
            const problems = (0, resource_shape_1.resourceProblems)(raw.resourceType, raw, { inline: true });
            if (problems.length > 0) {
                throw new outcome_1.FhirError(400, problems.slice(0, 20).map((text) => (0, outcome_1.issue)({ severity: 'error', code: 'structure', text: `Parameter '${def.name}' (${path}.resource): ${text}`, expression: [`${path}.resource`] })));
            }
        }
        return raw;
    }
    if (def.type === 'boolean') {
        // "true"/"false" as JSON strings are read as the booleans they name (tx.fhir.org reads them so); else refused.
        if (raw === 'true' || raw === 'false')
            return raw === 'true';
        if (typeof raw !== 'boolean')
            throw outcome_1.FhirError.invalid(`Parameter '${def.name}' must be a boolean`, [path]);
        return raw;
    }
    if (def.type === 'integer') {
        if (typeof raw !== 'number' || !Number.isInteger(raw))
            throw outcome_1.FhirError.invalid(`Parameter '${def.name}' must be an integer`, [path]);
        return raw;
    }
    if (typeof raw !== 'string')
        throw outcome_1.FhirError.invalid(`Parameter '${def.name}' must be a string value`, [path]);
    return parsePrimitive(def, raw);
}
function lookupDefinition(spec, name) {
    return spec.parameters.find((p) => p.name === name || p.aliases?.includes(name));
}
function add(values, spec, def, value, given, names) {
    names.add(given);
    const list = values.get(def.name) ?? [];
    list.push(value);
    if (def.max !== '*' && list.length > 1) {
        throw outcome_1.FhirError.invalid(`Parameter '${def.name}' may be given only once in ${spec.name}`, [def.name]);
    }
    if (list.length > exports.MAX_REPEATS) {
        throw new outcome_1.FhirError(413, {
            severity: 'error',
            code: 'too-costly',
            text: `Parameter '${def.name}' is repeated more than ${exports.MAX_REPEATS} times`,
        });
    }
    values.set(def.name, list);
}
function readFlat(spec, source, values, names) {
    for (const [name, raw] of Object.entries(source)) {
        if (GENERAL_PARAMETERS.has(name))
            continue;
        const def = lookupDefinition(spec, name);
        // Unknown parameters (the validator's `uuid`, `cache-id`, `diagnostics`, …) are ignored, as tx.fhir.org does.
        if (!def)
            continue;
        const list = Array.isArray(raw) ? raw : [raw];
        for (const item of list) {
            if (typeof item !== 'string')
                throw outcome_1.FhirError.invalid(`Parameter '${name}' has a malformed value`, [name]);
            if (!PRIMITIVE_TYPES.has(def.type)) {
                throw outcome_1.FhirError.invalid(`Parameter '${name}' is a ${def.type} and can only be sent in a POSTed Parameters resource`, [name]);
            }
            add(values, spec, def, parsePrimitive(def, item), name, names);
        }
    }
}
/**
 * The one reader of operation inputs: the query string (GET), a form-encoded body, or a FHIR `Parameters`
 * body (POST). Unknown parameters are ignored (FHIR and tx.fhir.org); wrong types of declared ones and
 * repeated single parameters are a 400 that says so.
 */
function readParametersBody(spec, body, values, names) {
    const params = body.parameter ?? [];
    if (!Array.isArray(params))
        throw outcome_1.FhirError.invalid('Parameters.parameter must be an array');
    params.forEach((p, i) => {
        if (!isRecord(p) || typeof p.name !== 'string') {
            throw outcome_1.FhirError.invalid(`Parameters.parameter[${i}] has no name`, [`Parameters.parameter[${i}]`]);
        }
        if (GENERAL_PARAMETERS.has(p.name))
            return;
        const def = lookupDefinition(spec, p.name);
        if (!def)
            return; // unknown: ignored, never refused
        add(values, spec, def, parameterValue(def, p, i), p.name, names);
    });
}
/** Reads a Parameters resource (a batch item) as the input of an operation. */
function readParametersResource(spec, resource) {
    if (!isRecord(resource) || resource.resourceType !== 'Parameters')
        throw outcome_1.FhirError.invalid(`A ${spec.name} item must be a Parameters resource`);
    const values = new Map();
    const names = new Set();
    readParametersBody(spec, resource, values, names);
    return new operation_1.OperationInput(values, names);
}
function readInput(spec, req) {
    const values = new Map();
    const names = new Set();
    readFlat(spec, req.query, values, names);
    if (req.method === 'POST') {
        const body = req.body;
        const contentType = req.headers['content-type'] ?? '';
        if (/application\/x-www-form-urlencoded/i.test(contentType)) {
            readFlat(spec, isRecord(body) ? body : {}, values, names);
        }
        else if (/json/i.test(contentType)) {
            if (!isRecord(body) || body.resourceType !== 'Parameters') {
                throw outcome_1.FhirError.invalid(`The body of a POST to ${spec.name} must be a FHIR Parameters resource`);
            }
            readParametersBody(spec, body, values, names);
        }
        else if (contentType !== '' || (req.headers['content-length'] ?? '0') !== '0') {
            throw new outcome_1.FhirError(415, {
                severity: 'error',
                code: 'not-supported',
                text: `Content-Type '${contentType}' is not supported; send application/fhir+json Parameters or a form`,
            });
        }
    }
    return new operation_1.OperationInput(values, names);
}
//# sourceMappingURL=parameters.js.map