import type { IncomingHttpHeaders } from 'node:http';
import type { CodeableConcept, Coding, Parameters, ParametersParameter, Resource } from 'fhir/r4';
import { toIsoDate } from '../terminology/dates';
import { OperationInput, type OperationDefinitionSpec, type ParamDefinition, type ParamType, type ParamValue } from '../operations/shared/operation';
import { FhirError, issue } from '../terminology/issues';
import { resourceProblems, WRITABLE, type WritableType } from './resource-shape';

/** Query parameters every FHIR interaction may carry and that do not change an operation's meaning. */
const GENERAL_PARAMETERS = new Set(['_format', '_pretty']);

const PRIMITIVE_TYPES: ReadonlySet<ParamType> = new Set(['code', 'uri', 'canonical', 'string', 'boolean', 'integer', 'dateTime']);

/** The value[x] names accepted for each type (a lenient client may send valueString for a code). */
const VALUE_KEYS: Record<ParamType, string[]> = {
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
export const MAX_REPEATS = 100;

function parsePrimitive(def: ParamDefinition, raw: string): ParamValue {
  const where = [def.name];
  if (raw.length > 4096) throw FhirError.invalid(`Parameter '${def.name}' is longer than 4096 characters`, where);
  switch (def.type) {
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') {
        throw FhirError.invalid(`Parameter '${def.name}' must be 'true' or 'false', got '${raw}'`, where);
      }
      return raw === 'true';
    case 'integer':
      if (!/^-?\d{1,9}$/.test(raw)) throw FhirError.invalid(`Parameter '${def.name}' must be an integer, got '${raw}'`, where);
      return Number(raw);
    case 'dateTime':
      if (toIsoDate(raw) === undefined) {
        throw FhirError.invalid(
          `Parameter '${def.name}' must be a FHIR date or dateTime (e.g. 2021-06-01), got '${raw}'`,
          where,
        );
      }
      return raw;
    case 'code':
      if (raw === '' || /^\s|\s$/.test(raw) || /\s\s/.test(raw)) {
        throw FhirError.invalid(`Parameter '${def.name}' is not a valid code: '${raw}'`, where);
      }
      return raw;
    case 'uri':
    case 'canonical':
      if (raw === '' || /\s/.test(raw)) throw FhirError.invalid(`Parameter '${def.name}' is not a valid URI: '${raw}'`, where);
      return raw;
    default:
      if (raw === '') throw FhirError.invalid(`Parameter '${def.name}' is empty`, where);
      return raw;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkCoding(value: unknown, path: string): Coding {
  if (!isRecord(value)) throw FhirError.invalid(`${path} must be a Coding object`, [path]);
  for (const key of ['system', 'version', 'code', 'display'] as const) {
    const v = value[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) {
      throw FhirError.invalid(`${path}.${key} must be a non-empty string`, [`${path}.${key}`]);
    }
  }
  if (value.userSelected !== undefined && typeof value.userSelected !== 'boolean') {
    throw FhirError.invalid(`${path}.userSelected must be a boolean`, [`${path}.userSelected`]);
  }
  return value as Coding;
}

function checkCodeableConcept(value: unknown, path: string): CodeableConcept {
  if (!isRecord(value)) throw FhirError.invalid(`${path} must be a CodeableConcept object`, [path]);
  if (value.coding !== undefined) {
    if (!Array.isArray(value.coding)) throw FhirError.invalid(`${path}.coding must be an array`, [`${path}.coding`]);
    if (value.coding.length > MAX_REPEATS) {
      throw new FhirError(413, {
        severity: 'error',
        code: 'too-costly',
        text: `${path} has ${value.coding.length} codings; at most ${MAX_REPEATS} are accepted`,
      });
    }
    value.coding.forEach((c, i) => checkCoding(c, `${path}.coding[${i}]`));
  }
  if (value.text !== undefined && typeof value.text !== 'string') throw FhirError.invalid(`${path}.text must be a string`);
  return value as CodeableConcept;
}

function parameterValue(def: ParamDefinition, p: ParametersParameter, index: number): ParamValue {
  const record = p as unknown as Record<string, unknown>;
  const present = Object.keys(record).filter((k) => k.startsWith('value') || k === 'resource');
  const accepted = VALUE_KEYS[def.type];
  const key = present.find((k) => accepted.includes(k));
  const path = `Parameters.parameter[${index}]`;
  if (!key) {
    const got = present.length > 0 ? present.join(', ') : 'no value';
    throw FhirError.invalid(`Parameter '${def.name}' must be of type ${def.type}; got ${got}`, [path]);
  }
  const raw = record[key];
  if (def.type === 'Coding') return checkCoding(raw, def.name);
  if (def.type === 'CodeableConcept') return checkCodeableConcept(raw, def.name);
  if (def.type === 'Resource') {
    if (!isRecord(raw) || typeof raw.resourceType !== 'string') {
      throw FhirError.invalid(`Parameter '${def.name}' must carry a resource`, [path]);
    }
    // The terminology logic trusts the shape of what it is given: an inline resource is checked here, once.
    if (WRITABLE.has(raw.resourceType)) {
      const problems = resourceProblems(raw.resourceType as WritableType, raw, { inline: true });
      if (problems.length > 0) {
        throw new FhirError(
          400,
          problems.slice(0, 20).map((text) =>
            issue({ severity: 'error', code: 'structure', text: `Parameter '${def.name}' (${path}.resource): ${text}`, expression: [`${path}.resource`] }),
          ),
        );
      }
    }
    return raw as unknown as Resource;
  }
  if (def.type === 'boolean') {
    // "true"/"false" as JSON strings are read as the booleans they name (tx.fhir.org reads them so); else refused.
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (typeof raw !== 'boolean') throw FhirError.invalid(`Parameter '${def.name}' must be a boolean`, [path]);
    return raw;
  }
  if (def.type === 'integer') {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) throw FhirError.invalid(`Parameter '${def.name}' must be an integer`, [path]);
    return raw;
  }
  if (typeof raw !== 'string') throw FhirError.invalid(`Parameter '${def.name}' must be a string value`, [path]);
  return parsePrimitive(def, raw);
}

function lookupDefinition(spec: OperationDefinitionSpec, name: string): ParamDefinition | undefined {
  return spec.parameters.find((p) => p.name === name || p.aliases?.includes(name));
}

function add(values: Map<string, ParamValue[]>, spec: OperationDefinitionSpec, def: ParamDefinition, value: ParamValue, given: string, names: Set<string>): void {
  names.add(given);
  const list = values.get(def.name) ?? [];
  list.push(value);
  if (def.max !== '*' && list.length > 1) {
    throw FhirError.invalid(`Parameter '${def.name}' may be given only once in ${spec.name}`, [def.name]);
  }
  if (list.length > MAX_REPEATS) {
    throw new FhirError(413, {
      severity: 'error',
      code: 'too-costly',
      text: `Parameter '${def.name}' is repeated more than ${MAX_REPEATS} times`,
    });
  }
  values.set(def.name, list);
}

function readFlat(spec: OperationDefinitionSpec, source: Record<string, unknown>, values: Map<string, ParamValue[]>, names: Set<string>): void {
  for (const [name, raw] of Object.entries(source)) {
    if (GENERAL_PARAMETERS.has(name)) continue;
    const def = lookupDefinition(spec, name);
    // Unknown parameters (the validator's `uuid`, `cache-id`, `diagnostics`, …) are ignored, as tx.fhir.org does.
    if (!def) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    for (const item of list) {
      if (typeof item !== 'string') throw FhirError.invalid(`Parameter '${name}' has a malformed value`, [name]);
      if (!PRIMITIVE_TYPES.has(def.type)) {
        throw FhirError.invalid(
          `Parameter '${name}' is a ${def.type} and can only be sent in a POSTed Parameters resource`,
          [name],
        );
      }
      add(values, spec, def, parsePrimitive(def, item), name, names);
    }
  }
}

/** Reads the parameters of a FHIR `Parameters` body into `values`. */
function readParametersBody(spec: OperationDefinitionSpec, body: Parameters, values: Map<string, ParamValue[]>, names: Set<string>): void {
  const params = body.parameter ?? [];
  if (!Array.isArray(params)) throw FhirError.invalid('Parameters.parameter must be an array');
  params.forEach((p, i) => {
    if (!isRecord(p) || typeof p.name !== 'string') {
      throw FhirError.invalid(`Parameters.parameter[${i}] has no name`, [`Parameters.parameter[${i}]`]);
    }
    if (GENERAL_PARAMETERS.has(p.name)) return;
    const def = lookupDefinition(spec, p.name);
    if (!def) return; // unknown: ignored, never refused
    add(values, spec, def, parameterValue(def, p, i), p.name, names);
  });
}

/** Reads a Parameters resource (a batch item) as the input of an operation. */
export function readParametersResource(spec: OperationDefinitionSpec, resource: unknown): OperationInput {
  if (!isRecord(resource) || resource.resourceType !== 'Parameters') throw FhirError.invalid(`A ${spec.name} item must be a Parameters resource`);
  const values = new Map<string, ParamValue[]>();
  const names = new Set<string>();
  readParametersBody(spec, resource as unknown as Parameters, values, names);
  return new OperationInput(values, names);
}

/** What `readInput` reads of a request: its method, parsed query string, parsed body (POST) and headers. */
export interface InputSource {
  method: string;
  query: Record<string, unknown>;
  body?: unknown;
  headers: IncomingHttpHeaders;
}

/**
 * The one reader of operation inputs: the query string (GET), a form-encoded body, or a FHIR `Parameters`
 * body (POST). Unknown parameters are ignored (FHIR and tx.fhir.org); wrong types of declared ones and
 * repeated single parameters are a 400 that says so.
 */
export function readInput(spec: OperationDefinitionSpec, req: InputSource): OperationInput {
  const values = new Map<string, ParamValue[]>();
  const names = new Set<string>();
  readFlat(spec, req.query, values, names);
  if (req.method === 'POST') {
    const body: unknown = req.body;
    const contentType = req.headers['content-type'] ?? '';
    if (/application\/x-www-form-urlencoded/i.test(contentType)) {
      readFlat(spec, isRecord(body) ? body : {}, values, names);
    } else if (/json/i.test(contentType)) {
      if (!isRecord(body) || body.resourceType !== 'Parameters') {
        throw FhirError.invalid(`The body of a POST to ${spec.name} must be a FHIR Parameters resource`);
      }
      readParametersBody(spec, body as unknown as Parameters, values, names);
    } else if (contentType !== '' || (req.headers['content-length'] ?? '0') !== '0') {
      throw new FhirError(415, {
        severity: 'error',
        code: 'not-supported',
        text: `Content-Type '${contentType}' is not supported; send application/fhir+json Parameters or a form`,
      });
    }
  }
  return new OperationInput(values, names);
}
