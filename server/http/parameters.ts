import type { IncomingHttpHeaders } from 'node:http';
import type { CodeableConcept, Coding, Parameters, ParametersParameter, Resource } from 'fhir/r4';
import { toIsoDate } from '../terminology/dates';
import { OperationInput, type OperationDefinitionSpec, type ParamDefinition, type ParamType, type ParamValue } from '../operations/shared/operation';
import { FhirError, issue } from '../terminology/issues';
import { msg } from '../terminology/messages';
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
  if (raw.length > 4096) throw FhirError.invalid(msg('NCMP_PARAM_TOO_LONG', def.name), where);
  switch (def.type) {
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') {
        throw FhirError.invalid(msg('NCMP_PARAM_NOT_TRUE_OR_FALSE', def.name, raw), where);
      }
      return raw === 'true';
    case 'integer':
      if (!/^-?\d{1,9}$/.test(raw)) throw FhirError.invalid(msg('NCMP_PARAM_NOT_INTEGER_TEXT', def.name, raw), where);
      return Number(raw);
    case 'dateTime':
      if (toIsoDate(raw) === undefined) {
        throw FhirError.invalid(
          msg('NCMP_PARAM_NOT_DATE', def.name, raw),
          where,
        );
      }
      return raw;
    case 'code':
      if (raw === '' || /^\s|\s$/.test(raw) || /\s\s/.test(raw)) {
        throw FhirError.invalid(msg('NCMP_PARAM_NOT_CODE', def.name, raw), where);
      }
      return raw;
    case 'uri':
    case 'canonical':
      if (raw === '' || /\s/.test(raw)) throw FhirError.invalid(msg('NCMP_PARAM_NOT_URI', def.name, raw), where);
      return raw;
    default:
      if (raw === '') throw FhirError.invalid(msg('NCMP_PARAM_EMPTY', def.name), where);
      return raw;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkCoding(value: unknown, path: string): Coding {
  if (!isRecord(value)) throw FhirError.invalid(msg('NCMP_PARAM_NOT_CODING', path), [path]);
  for (const key of ['system', 'version', 'code', 'display'] as const) {
    const v = value[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) {
      throw FhirError.invalid(msg('NCMP_CODING_ELEMENT_NOT_STRING', path, key), [`${path}.${key}`]);
    }
  }
  if (value.userSelected !== undefined && typeof value.userSelected !== 'boolean') {
    throw FhirError.invalid(msg('NCMP_CODING_USER_SELECTED_NOT_BOOLEAN', path), [`${path}.userSelected`]);
  }
  return value as Coding;
}

function checkCodeableConcept(value: unknown, path: string): CodeableConcept {
  if (!isRecord(value)) throw FhirError.invalid(msg('NCMP_PARAM_NOT_CODEABLECONCEPT', path), [path]);
  if (value.coding !== undefined) {
    if (!Array.isArray(value.coding)) throw FhirError.invalid(msg('NCMP_CODEABLECONCEPT_CODING_NOT_ARRAY', path), [`${path}.coding`]);
    if (value.coding.length > MAX_REPEATS) {
      throw new FhirError(413, {
        severity: 'error',
        code: 'too-costly',
        ...msg('NCMP_TOO_MANY_CODINGS', path, value.coding.length, MAX_REPEATS),
      });
    }
    value.coding.forEach((c, i) => checkCoding(c, `${path}.coding[${i}]`));
  }
  if (value.text !== undefined && typeof value.text !== 'string') throw FhirError.invalid(msg('NCMP_CODEABLECONCEPT_TEXT_NOT_STRING', path));
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
    throw FhirError.invalid(msg('NCMP_PARAM_WRONG_TYPE', def.name, def.type, got), [path]);
  }
  const raw = record[key];
  if (def.type === 'Coding') return checkCoding(raw, def.name);
  if (def.type === 'CodeableConcept') return checkCodeableConcept(raw, def.name);
  if (def.type === 'Resource') {
    if (!isRecord(raw) || typeof raw.resourceType !== 'string') {
      throw FhirError.invalid(msg('NCMP_PARAM_NO_RESOURCE', def.name), [path]);
    }
    // The terminology logic trusts the shape of what it is given: an inline resource is checked here, once.
    if (WRITABLE.has(raw.resourceType)) {
      const problems = resourceProblems(raw.resourceType as WritableType, raw, { inline: true });
      if (problems.length > 0) {
        throw new FhirError(
          400,
          problems.slice(0, 20).map((text) =>
            issue({ severity: 'error', code: 'structure', ...msg('NCMP_PARAM_RESOURCE_INVALID', def.name, path, text), expression: [`${path}.resource`] }),
          ),
        );
      }
    }
    return raw as unknown as Resource;
  }
  if (def.type === 'boolean') {
    // "true"/"false" as JSON strings are read as the booleans they name (tx.fhir.org reads them so); else refused.
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (typeof raw !== 'boolean') throw FhirError.invalid(msg('NCMP_PARAM_NOT_BOOLEAN', def.name), [path]);
    return raw;
  }
  if (def.type === 'integer') {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) throw FhirError.invalid(msg('NCMP_PARAM_NOT_INTEGER', def.name), [path]);
    return raw;
  }
  if (typeof raw !== 'string') throw FhirError.invalid(msg('NCMP_PARAM_NOT_STRING', def.name), [path]);
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
    throw FhirError.invalid(msg('NCMP_PARAM_REPEATED', def.name, spec.name), [def.name]);
  }
  if (list.length > MAX_REPEATS) {
    throw new FhirError(413, {
      severity: 'error',
      code: 'too-costly',
      ...msg('NCMP_PARAM_TOO_MANY_REPEATS', def.name, MAX_REPEATS),
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
      if (typeof item !== 'string') throw FhirError.invalid(msg('NCMP_PARAM_MALFORMED', name), [name]);
      if (!PRIMITIVE_TYPES.has(def.type)) {
        throw FhirError.invalid(
          msg('NCMP_PARAM_POST_ONLY', name, def.type),
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
  if (!Array.isArray(params)) throw FhirError.invalid(msg('NCMP_PARAMETERS_NOT_ARRAY'));
  params.forEach((p, i) => {
    if (!isRecord(p) || typeof p.name !== 'string') {
      throw FhirError.invalid(msg('NCMP_PARAMETER_WITHOUT_NAME', i), [`Parameters.parameter[${i}]`]);
    }
    if (GENERAL_PARAMETERS.has(p.name)) return;
    const def = lookupDefinition(spec, p.name);
    if (!def) return; // unknown: ignored, never refused
    add(values, spec, def, parameterValue(def, p, i), p.name, names);
  });
}

/** Reads a Parameters resource (a batch item) as the input of an operation. */
export function readParametersResource(spec: OperationDefinitionSpec, resource: unknown): OperationInput {
  if (!isRecord(resource) || resource.resourceType !== 'Parameters') throw FhirError.invalid(msg('NCMP_BATCH_ITEM_NOT_PARAMETERS', spec.name));
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
        throw FhirError.invalid(msg('NCMP_BODY_NOT_PARAMETERS', spec.name));
      }
      readParametersBody(spec, body as unknown as Parameters, values, names);
    } else if (contentType !== '' || (req.headers['content-length'] ?? '0') !== '0') {
      throw new FhirError(415, {
        severity: 'error',
        code: 'not-supported',
        ...msg('NCMP_CONTENT_TYPE_UNSUPPORTED', contentType),
      });
    }
  }
  return new OperationInput(values, names);
}
