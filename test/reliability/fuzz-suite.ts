// Hostile input: thousands of generated requests (parameter names and values, encodings, bodies, methods,
// paths, headers) against every operation, read, search and write. Whatever comes in, the answer is never
// a 5xx, and every error is an OperationOutcome whose issues have severity, code and details.text, and no
// internals. Bounded: `fuzzSuite(requests)` sends that many in all (2,000 in `npm test`, 10,000 in the fault run),
// on one in-process server on loopback; the seed of each property and a summary of the statuses are printed.
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { searchParameterSpecs } from '../../server/http/capabilities';
import { createHttpServer, type HttpServer } from '../../server/app';
import type { ParamDefinition } from '../../server/operations/shared/operation';
import { OPERATIONS } from '../../server/operations';
import { NCMP_URL, NKPK_ALIAS, SAERKODE_URL } from '../support/test-app';
import { ADMIN_TOKEN, assertOperationOutcome, revision, startApp, type ReliabilityApp } from './support';

/** One generated request. */
interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const VS_NCMP = 'https://ncmp-terminology.example/fhir/ValueSet/ncmp';
const CM_SAERKODE = 'https://ncmp-terminology.example/fhir/ConceptMap/saerkode-to-ncmp';

// ---- values -------------------------------------------------------------------------------------------
const code = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('AXDP05', 'JAGD55', 'MAFX11', 'OAEA00', 'OCAA00', 'RXGD50', 'WABA30', 'ZWUU40', 'IBBA15', 'A0093', 'WB', 'W', 'A') },
  { weight: 1, arbitrary: fc.constantFrom('WBGM00', 'WBGM', 'wbgm00', 'OAEA00 ', ' ', '', 'ncmp-2021', '42KD') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{4}[0-9]{2}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const uri = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(NCMP_URL, NKPK_ALIAS, SAERKODE_URL, VS_NCMP, `${VS_NCMP}|2021`, CM_SAERKODE) },
  { weight: 1, arbitrary: fc.constantFrom('http://example.org/fz', 'http://example.org/fz-vs', 'http://example.org/fz-cm') },
  { weight: 1, arbitrary: fc.constantFrom(`${VS_NCMP}|`, 'http://snomed.info/sct', 'urn:oid:', '|', 'a|b|c', 'http://hl7.org/fhir/ValueSet/*') },
  { weight: 1, arbitrary: fc.webUrl() },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
const date = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('2021-06-01', '2014-01-01', '2020-12-31', '2021') },
  fc.constantFrom('2021-06-01', '2014', '2014-13', '2021-02-30', '2021-06-01T10:00:00Z', '2021-06-01T25:00:00+01:00', '0000-01-01', '9999-12-31', 'now', '-1'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const scalar = fc.oneof(
  { weight: 4, arbitrary: code },
  { weight: 3, arbitrary: uri },
  { weight: 2, arbitrary: date },
  { weight: 2, arbitrary: fc.constantFrom('true', 'false', 'TRUE', '0', '1', '-1', '5000', '5001', '99999999999', '1e3', 'NaN', 'null', '*', 'nb', 'en-US', 'display') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.nat(5000).map((n) => 'A'.repeat(n)) },
);

// ---- parameter names ----------------------------------------------------------------------------------
const OPERATION_NAMES = [...new Set(OPERATIONS.flatMap((o) => o.definition.parameters.flatMap((p) => [p.name, ...(p.aliases ?? [])])))];
const SEARCH_NAMES = [...new Set((['CodeSystem', 'ValueSet', 'ConceptMap'] as const).flatMap((type) => searchParameterSpecs(type).map((p) => p.name)))];
const paramName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...OPERATION_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...SEARCH_NAMES, '_format', '_pretty', '_count', '_summary', '_elements', 'mode', '__proto__', 'constructor', 'hasOwnProperty') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('code[]', 'code[0]', 'coding[system]', 'a[b][c]', 'property[]') },
);
const pairs = fc.array(fc.tuple(paramName, scalar), { maxLength: 8 });

/** Percent-encodes any string, lone surrogates included (they become U+FFFD as UTF-8 would make them). */
const enc = (s: string): string => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'));

/** Query text: properly encoded pairs, or pairs with raw and malformed escapes mixed in. */
const RAW_FRAGMENTS = ['%', '%G1', '%E0%A4%A', '%00', '%FF%FE', '%C3%28', '+', '&&', '=', '==', ';', '%26', '%3D', '%2B', '..', '%2F', '#'];
const queryText = fc.oneof(
  { weight: 4, arbitrary: pairs.map((list) => list.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...RAW_FRAGMENTS), pairs.map((list) => list.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&'))), { maxLength: 6 })
      .map((parts) => parts.join('').replace(/#/g, '%23')),
  },
);

// ---- bodies -------------------------------------------------------------------------------------------
const coding = fc.oneof(
  { weight: 4, arbitrary: fc.record({ system: uri, code, version: scalar, display: scalar }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const codeableConcept = fc.oneof(
  { weight: 4, arbitrary: fc.record({ coding: fc.array(coding, { maxLength: 4 }), text: scalar }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.record({ coding: fc.array(coding, { minLength: 95, maxLength: 110 }) }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const filter = fc.record({
  property: fc.oneof(fc.constantFrom('concept', 'code', 'display', 'parent', 'notSelectable', 'status', 'inactive'), fc.string({ maxLength: 8 })),
  op: fc.oneof(fc.constantFrom('=', 'is-a', 'descendent-of', 'is-not-a', 'regex', 'in', 'not-in', 'generalizes', 'exists'), fc.string({ maxLength: 5 })),
  value: fc.oneof(code, fc.constantFrom('WB.*', '[', '(', 'true', 'W,WB', '')),
});
const include = fc.record(
  { system: uri, version: fc.constantFrom('2021', '2014', '1', 'x'), concept: fc.array(fc.record({ code }), { maxLength: 3 }), filter: fc.array(filter, { maxLength: 2 }), valueSet: fc.array(uri, { maxLength: 2 }) },
  { requiredKeys: [] },
);
/** An inline ValueSet or ConceptMap, well formed or not, as `Parameters.parameter.resource`. */
const inlineResource = fc.oneof(
  fc.record({ resourceType: fc.constant('ValueSet'), url: uri, compose: fc.oneof(fc.record({ include: fc.array(include, { maxLength: 3 }), exclude: fc.array(include, { maxLength: 1 }) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: ['resourceType'] }),
  fc.record({ resourceType: fc.constant('ConceptMap'), url: uri, group: fc.oneof(fc.array(fc.record({ source: uri, target: uri, element: fc.array(fc.record({ code, target: fc.array(fc.record({ code, equivalence: fc.constantFrom('equivalent', 'wider', 'x') }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: ['resourceType'] }),
  fc.record({ resourceType: fc.oneof(fc.constantFrom('Patient', 'CodeSystem', 'Parameters'), fc.string({ maxLength: 6 })) }),
  fc.jsonValue({ maxDepth: 3 }),
);
const parameterEntry = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(paramName, fc.constantFrom('valueString', 'valueCode', 'valueUri', 'valueCanonical', 'valueDateTime', 'valueDate'), scalar).map(([name, key, value]) => ({ name, [key]: value })) },
  { weight: 1, arbitrary: fc.tuple(paramName, fc.constantFrom('valueBoolean', 'valueInteger'), fc.oneof(fc.boolean(), fc.integer(), fc.double(), scalar)).map(([name, key, value]) => ({ name, [key]: value })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('coding', 'codingA', 'codingB', 'sourceCoding', 'targetCoding'), coding).map(([name, value]) => ({ name, valueCoding: value })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('codeableConcept', 'sourceCodeableConcept', 'targetCodeableConcept'), codeableConcept).map(([name, value]) => ({ name, valueCodeableConcept: value })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('valueSet', 'conceptMap', 'tx-resource'), inlineResource).map(([name, resource]) => ({ name, resource })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const parametersBody = fc.oneof(
  { weight: 5, arbitrary: fc.array(parameterEntry, { maxLength: 6 }).map((parameter) => ({ resourceType: 'Parameters', parameter })) },
  { weight: 1, arbitrary: fc.record({ resourceType: fc.oneof(fc.constant('Parameters'), fc.string({ maxLength: 8 })), parameter: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }) },
);

const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir', 'application/fhir+json; charset=utf-8', 'application/fhir+json; charset=latin1', 'application/fhir+json; fhirVersion=4.0'];
/** A body with its content type: Parameters, form, arbitrary JSON, or bytes that are none of these. */
const body = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...JSON_TYPES), parametersBody).map(([type, b]) => ({ type, bytes: JSON.stringify(b) })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-16'), queryText).map(([type, bytes]) => ({ type, bytes })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...JSON_TYPES), fc.jsonValue({ maxDepth: 4 })).map(([type, v]) => ({ type, bytes: JSON.stringify(v) ?? 'null' })) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constantFrom(...JSON_TYPES, 'text/plain', 'application/xml', 'application/fhir+xml', 'multipart/form-data; boundary=x', 'application/octet-stream', '', 'garbage'),
      fc.oneof(
        fc.constantFrom('{"resourceType":', '{', '[', 'null', '"x"', '{"resourceType":"Parameters","parameter":[{"name":"code","valueCode":"\\ud800"}]}', '\u0000\u0001', `${'['.repeat(5000)}${']'.repeat(5000)}`),
        fc.string({ unit: 'binary', maxLength: 60 }),
      ),
    ).map(([type, bytes]) => ({ type, bytes })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }).map((a) => ({ type: 'application/fhir+json', bytes: Buffer.from(a) })) },
);

// ---- paths and headers --------------------------------------------------------------------------------
const OPERATION_PATHS = [
  '/fhir/CodeSystem/$lookup',
  '/fhir/CodeSystem/$validate-code',
  '/fhir/CodeSystem/$subsumes',
  '/fhir/ValueSet/$expand',
  '/fhir/ValueSet/$validate-code',
  '/fhir/ConceptMap/$translate',
  '/fhir/CodeSystem/ncmp-2021/$lookup',
  '/fhir/CodeSystem/ncmp-2021/$validate-code',
  '/fhir/CodeSystem/ncmp-2021/$subsumes',
  '/fhir/ValueSet/ncmp-2021/$expand',
  '/fhir/ValueSet/ncmp-2021/$validate-code',
  '/fhir/ConceptMap/saerkode-to-ncmp/$translate',
];
const OTHER_PATHS = [
  '/fhir/metadata',
  '/fhir/CodeSystem',
  '/fhir/ValueSet',
  '/fhir/ConceptMap',
  '/fhir/CodeSystem/_search',
  '/fhir/CodeSystem/ncmp-2021',
  '/fhir/ConceptMap/saerkode-to-ncmp',
  '/fhir/ValueSet/nope/$expand',
  '/fhir/CodeSystem/$nope',
  '/fhir/Patient/1',
  '/fhir',
  '/fhir/',
  '/health',
  '/ready',
  '/',
  '/code/ZWUU40',
  '/code/%E0%A4%A',
  '/version?date=2021-02-30',
  '/diff?from=2017&to=nope',
  '/fhir/CodeSystem/%2e%2e/%2e%2e/etc/passwd',
  '/fhir/CodeSystem/a%00b',
  '/fhir/ValueSet/%E0%A4%A/$expand',
  '/fhir//CodeSystem',
  '/fhir/CodeSystem/ncmp-2021/$lookup/extra',
];
const segment = fc.string({ maxLength: 10 }).map(enc);
const path = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...OPERATION_PATHS) },
  { weight: 3, arbitrary: fc.constantFrom(...OTHER_PATHS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('CodeSystem', 'ValueSet', 'ConceptMap', 'Patient', ''), segment, fc.constantFrom('', '/$lookup', '/$expand', '/$translate', '/x')).map(([t, s, op]) => `/fhir/${t}/${s}${op}`) },
);
const accept = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(undefined, 'application/fhir+json', 'application/json', '*/*', 'application/fhir+json; fhirVersion=4.0', 'application/*') },
  { weight: 1, arbitrary: fc.constantFrom('application/fhir+xml', 'text/html', 'x', '') },
);
const authorization = fc.constantFrom(undefined, `Bearer ${ADMIN_TOKEN}`, 'Bearer wrong', 'Basic dXNlcjpwYXNz', 'Bearer', '');

function headersOf(extra: { accept?: string | undefined; authorization?: string | undefined; type?: string; requestId?: string }): Record<string, string> {
  const headers: Record<string, string> = {};
  if (extra.accept !== undefined) headers.accept = extra.accept;
  if (extra.authorization !== undefined) headers.authorization = extra.authorization;
  if (extra.type !== undefined && extra.type !== '') headers['content-type'] = extra.type;
  if (extra.requestId !== undefined) headers['x-request-id'] = extra.requestId;
  return headers;
}

/** A value of a parameter's declared type, as the query string or a Parameters body carries it. */
function typedValue(def: ParamDefinition): fc.Arbitrary<{ query?: string; entry: Record<string, unknown> }> {
  const primitive = (arb: fc.Arbitrary<string>, key: string) => arb.map((v) => ({ query: v, entry: { name: def.name, [key]: v } }));
  switch (def.type) {
    case 'code':
      return primitive(def.name === 'property' ? fc.oneof(fc.constantFrom('display', 'designation', 'parent', 'child', 'inactive', 'notSelectable', 'status', '*'), code) : code, 'valueCode');
    case 'uri':
    case 'canonical':
      return primitive(uri, 'valueUri');
    case 'string':
      return primitive(fc.oneof(fc.constantFrom('2021', '2014', '2007', 'stråle', 'telemedisin', 'Bruk av', 'a', ''), scalar), 'valueString');
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: scalar }).map((v) => ({ query: String(v), entry: { name: def.name, valueBoolean: v } }));
    case 'integer':
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -2, max: 6000 }) }, { weight: 1, arbitrary: fc.oneof(fc.double(), scalar) }).map((v) => ({ query: String(v), entry: { name: def.name, valueInteger: v } }));
    case 'dateTime':
      return primitive(date, 'valueDateTime');
    case 'Coding':
      return coding.map((v) => ({ entry: { name: def.name, valueCoding: v } }));
    case 'CodeableConcept':
      return codeableConcept.map((v) => ({ entry: { name: def.name, valueCodeableConcept: v } }));
    default:
      return inlineResource.map((v) => ({ entry: { name: def.name, resource: v } }));
  }
}

const INSTANCE_IDS: Record<string, string[]> = { CodeSystem: ['ncmp-2021', 'nope'], ValueSet: ['ncmp-2021', 'nope'], ConceptMap: ['saerkode-to-ncmp', 'nope'] };

/** A parameter for the query string (primitive) and as a Parameters entry. */
type Param = { query?: string; entry: Record<string, unknown> };
const p = (name: string, key: string, arb: fc.Arbitrary<string>): fc.Arbitrary<Param> => arb.map((v) => ({ query: v, entry: { name, [key]: v } }));
const ncmpCode = fc.constantFrom('AXDP05', 'JAGD55', 'MAFX11', 'OAEA00', 'OCAA00', 'RXGD50', 'WABA30', 'ZWUU40', 'IBBA15', 'IBBA20');
const ncmpCoding = fc.record({ system: fc.constant(NCMP_URL), code: ncmpCode, display: fc.constantFrom('x', 'Bruk av telemedisin') }, { requiredKeys: ['system', 'code'] });
const both = (...params: fc.Arbitrary<Param>[]): fc.Arbitrary<Param[]> => fc.tuple(...params);

/** Inputs that make each operation's request meaningful (so that it reaches the terminology logic). */
const BASES: Record<string, fc.Arbitrary<Param[]>> = {
  'CodeSystem/$lookup': fc.oneof(both(p('system', 'valueUri', fc.constant(NCMP_URL)), p('code', 'valueCode', ncmpCode)), ncmpCoding.map((c) => [{ entry: { name: 'coding', valueCoding: c } }])),
  'CodeSystem/$validate-code': fc.oneof(
    both(p('url', 'valueUri', fc.constantFrom(NCMP_URL, NKPK_ALIAS)), p('code', 'valueCode', ncmpCode)),
    ncmpCoding.map((c) => [{ entry: { name: 'coding', valueCoding: c } }]),
    fc.array(ncmpCoding, { minLength: 1, maxLength: 3 }).map((coding) => [{ entry: { name: 'codeableConcept', valueCodeableConcept: { coding } } }]),
  ),
  'CodeSystem/$subsumes': both(p('system', 'valueUri', fc.constant(NCMP_URL)), p('codeA', 'valueCode', fc.oneof(ncmpCode, fc.constantFrom('A', 'AX', 'AXDP'))), p('codeB', 'valueCode', ncmpCode)),
  'ValueSet/$expand': fc.oneof(
    p('url', 'valueUri', fc.constantFrom(VS_NCMP, `${VS_NCMP}|2021`)).map((x) => [x]),
    inlineResource.map((r) => [{ entry: { name: 'valueSet', resource: r } }]),
  ),
  'ValueSet/$validate-code': fc.oneof(
    both(p('url', 'valueUri', fc.constant(VS_NCMP)), p('system', 'valueUri', fc.constant(NCMP_URL)), p('code', 'valueCode', ncmpCode)),
    ncmpCoding.map((c): Param[] => [{ query: VS_NCMP, entry: { name: 'url', valueUri: VS_NCMP } }, { entry: { name: 'coding', valueCoding: c } }]),
  ),
  'ConceptMap/$translate': fc.oneof(
    both(p('url', 'valueUri', fc.constant(CM_SAERKODE)), p('system', 'valueUri', fc.constant(SAERKODE_URL)), p('code', 'valueCode', fc.constantFrom('A0093', 'WL000', '42KD', 'x'))),
    both(p('system', 'valueUri', fc.constant(NCMP_URL)), p('code', 'valueCode', ncmpCode), p('reverse', 'valueBoolean', fc.constantFrom('true', 'false'))),
  ),
};

/**
 * GET and POST of every operation: mostly the inputs that make it meaningful plus other parameters of its
 * own with values of their types (so that requests get past validation into the terminology logic), and
 * sometimes noise: unknown names, wrong types, raw query strings and bodies.
 */
const operationProbe: fc.Arbitrary<Probe> = fc.constantFrom(...OPERATIONS).chain((op) => {
  const name = `${op.resourceType}/$${op.code}`;
  const own = fc.constantFrom(...op.definition.parameters).chain(typedValue);
  const noise = fc.tuple(paramName, scalar).map(([n, v]): Param => ({ query: v, entry: { name: n, valueString: v } }));
  const extras = fc.array(fc.oneof({ weight: 6, arbitrary: own }, { weight: 1, arbitrary: noise }), { maxLength: 3 });
  const base = fc.oneof({ weight: 4, arbitrary: BASES[name] ?? fc.constant([]) }, { weight: 1, arbitrary: fc.constant([]) });
  const target = fc.oneof(
    { weight: 4, arbitrary: fc.constant(`/fhir/${name}`) },
    { weight: 1, arbitrary: fc.constantFrom(...INSTANCE_IDS[op.resourceType]!).map((id) => `/fhir/${op.resourceType}/${id}/$${op.code}`) },
  );
  const encoding = fc.constantFrom('query', 'query', 'parameters', 'parameters', 'form', 'raw');
  return fc.tuple(target, base, extras, encoding, accept, queryText, body).map(([path, b, more, how, acc, rawQuery, rawBody]): Probe => {
    const list = [...b, ...more];
    const flat = list.filter((x) => x.query !== undefined).map((x) => `${enc(String(x.entry.name))}=${enc(x.query!)}`).join('&');
    if (how === 'query') return { method: 'GET', path: flat ? `${path}?${flat}` : path, headers: headersOf({ accept: acc }) };
    if (how === 'form') return { method: 'POST', path, headers: headersOf({ accept: acc, type: 'application/x-www-form-urlencoded' }), body: flat };
    if (how === 'parameters') {
      const parameters = { resourceType: 'Parameters', parameter: list.map((x) => x.entry) };
      return { method: 'POST', path, headers: headersOf({ accept: acc, type: 'application/fhir+json' }), body: JSON.stringify(parameters) };
    }
    return { method: 'POST', path: rawQuery ? `${path}?${rawQuery}` : path, headers: headersOf({ accept: acc, type: rawBody.type }), body: rawBody.bytes };
  });
});

/** Any method on any path, with any body and headers. */
const anyProbe: fc.Arbitrary<Probe> = fc
  .tuple(
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE'),
    path,
    fc.option(queryText, { nil: undefined }),
    fc.option(body, { nil: undefined }),
    accept,
    authorization,
    fc.option(fc.oneof(fc.stringMatching(/^[\w.-]{1,64}$/), fc.string({ maxLength: 80 }).map(enc)), { nil: undefined }),
  )
  .map(([method, p, query, b, acc, auth, requestId]) => ({
    method,
    path: query ? `${p}?${query}` : p,
    headers: headersOf({ accept: acc, authorization: auth, type: b?.type, requestId }),
    ...(b && method !== 'GET' && method !== 'HEAD' ? { body: b.bytes } : {}),
  }));

// ---- searches ------------------------------------------------------------------------------------------
/** Modifiers: FHIR's, ones that fit no parameter type, and malformed ones. */
const SEARCH_MODIFIERS = [':exact', ':contains', ':missing', ':not', ':text', ':below', ':above', ':of-type', ':in', ':not-in', ':identifier', ':ValueSet', ':CodeSystem', ':', '::x', ':EXACT'];
const SEARCH_PREFIXES = ['', '', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap', 'EQ', 'xx', 'gege'];
const searchName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SEARCH_NAMES) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...SEARCH_NAMES), fc.constantFrom(...SEARCH_MODIFIERS)).map(([n, m]) => `${n}${m}`) },
  { weight: 2, arbitrary: fc.constantFrom('_count', '_offset', '_sort', '_summary', '_elements', '_total', '_format', '_pretty', '_include', '_revinclude', '_text', '_content', '_filter', '_has:ValueSet:reference:url', 'supplements.url') },
  { weight: 1, arbitrary: paramName },
);
/** Values in the shapes that broke searches before: empty, prefixed, odd separators, ISO week dates, negative years. */
const searchValue = fc.oneof(
  { weight: 3, arbitrary: scalar },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...SEARCH_PREFIXES), fc.oneof(date, fc.constantFrom('2015-W01', '2015-W53-7', '2015W011', '-2015', '-0001-01-01', '+2015', '2015-06-01T10:00:00+01:00', '2015-06-01T10:00:00', '18', '5.4|http://unitsofmeasure.org|a', '5.4||a', '1e400', '-0', '.5', '5.')))
      .map(([prefix, v]) => `${prefix}${v}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '', ' ', ',', ',,', 'a,', '|', '||', 'a|b|c', '$', 'focus$18', 'age$gt10', 'a$b$c', '\\,', '\\', 'a\\|b', 'a\\,b', 'true', 'false', 'maybe',
      'ZWUU40', `${NCMP_URL}|ZWUU40`, '|ZWUU40', `${NCMP_URL}|`, 'ncmp-2014|x', 'ncmp-2014,ncmp-2015', 'ValueSet/ncmp-2014', 'ValueSet/', 'CodeSystem/ncmp-2014',
      '-date,_id', 'date,-title', '-', '--date', 'url,version', 'a.b', 'count', 'none', 'accurate', 'prosedyr', 'særkoder', 'http://unitsofmeasure.org|a',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(scalar, fc.constantFrom('\r\n', '\n', '\t', '\u0000', '\u2028')).map(([v, s]) => `${v}${s}`) },
);
/** GET /fhir/{type}?… and POST /fhir/{type}/_search with a form body: names repeated, values comma-separated. */
const searchProbe: fc.Arbitrary<Probe> = fc
  .tuple(
    fc.constantFrom('CodeSystem', 'ValueSet', 'ConceptMap'),
    fc.array(fc.tuple(searchName, fc.oneof({ weight: 4, arbitrary: searchValue }, { weight: 1, arbitrary: fc.array(searchValue, { minLength: 2, maxLength: 3 }).map((vs) => vs.join(',')) })), { maxLength: 5 }),
    fc.boolean(),
    fc.constantFrom('GET', 'GET', 'GET', 'POST'),
    accept,
  )
  .map(([type, list, repeat, method, acc]) => {
    const pairs = repeat && list.length > 0 ? [...list, list[0]!] : list;
    const query = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
    if (method === 'POST') return { method, path: `/fhir/${type}/_search`, headers: headersOf({ accept: acc, type: 'application/x-www-form-urlencoded' }), body: query };
    return { method, path: query ? `/fhir/${type}?${query}` : `/fhir/${type}`, headers: headersOf({ accept: acc }) };
  });

// ---- writes -------------------------------------------------------------------------------------------
const concept: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  concept: fc.oneof(
    { weight: 4, arbitrary: fc.record({ code, display: scalar, property: fc.array(fc.record({ code: fc.constantFrom('parent', 'status', 'inactive', 'notSelectable', 'x'), valueCode: code, valueBoolean: fc.boolean() }, { requiredKeys: ['code'] }), { maxLength: 2 }), concept: fc.array(tie('concept'), { maxLength: 2 }) }, { requiredKeys: ['code'] }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  ),
})).concept;
const EFFECTIVE = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-CodeSystem.effectivePeriod';
/** Resources to write, by type: mostly well formed (so that loads happen), with some elements off. */
const WRITABLE: Record<'CodeSystem' | 'ValueSet' | 'ConceptMap', fc.Arbitrary<unknown>> = {
  CodeSystem: fc.record(
    {
      resourceType: fc.constant('CodeSystem'),
      id: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('fz-1', 'fz-2') }, fc.constantFrom('ncmp-2021', 'x y'), fc.string({ maxLength: 6 })),
      url: fc.oneof({ weight: 4, arbitrary: fc.constant('http://example.org/fz') }, fc.constant(NCMP_URL), uri),
      version: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('1', '2', '3') }, scalar),
      status: fc.oneof({ weight: 4, arbitrary: fc.constant('active') }, fc.constantFrom('draft', 'bogus')),
      content: fc.oneof({ weight: 4, arbitrary: fc.constant('complete') }, fc.constantFrom('fragment', 'x')),
      date: fc.oneof({ weight: 3, arbitrary: fc.constant('2030-01-01') }, date),
      extension: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('2030-01-01', '2031-01-01', '2032-06-01').map((start) => [{ url: EFFECTIVE, valuePeriod: { start } }]) },
        fc.constantFrom([{ url: 'x', valuePeriod: 'y' }], 'x', [{ url: EFFECTIVE, valuePeriod: { start: '2030' } }]),
      ),
      concept: fc.array(concept, { maxLength: 4 }),
    },
    { requiredKeys: ['resourceType', 'url', 'status', 'content'] },
  ),
  ValueSet: fc.record(
    {
      resourceType: fc.constant('ValueSet'),
      id: fc.oneof({ weight: 4, arbitrary: fc.constant('fz-vs') }, fc.constantFrom('ncmp-2021', 'x y')),
      url: fc.oneof({ weight: 4, arbitrary: fc.constant('http://example.org/fz-vs') }, uri),
      version: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('1', '2') }, scalar),
      status: fc.oneof({ weight: 4, arbitrary: fc.constant('active') }, fc.constant('x')),
      compose: fc.oneof({ weight: 4, arbitrary: fc.record({ include: fc.array(include, { minLength: 1, maxLength: 2 }) }) }, fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: ['resourceType', 'url', 'status'] },
  ),
  ConceptMap: fc.record(
    {
      resourceType: fc.constant('ConceptMap'),
      id: fc.oneof({ weight: 4, arbitrary: fc.constant('fz-cm') }, fc.constant('saerkode-to-ncmp')),
      url: fc.oneof({ weight: 4, arbitrary: fc.constant('http://example.org/fz-cm') }, uri),
      version: fc.constantFrom('1', '2'),
      status: fc.oneof({ weight: 4, arbitrary: fc.constant('active') }, fc.constant('x')),
      group: fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.record({ source: uri, target: uri, element: fc.array(fc.record({ code, target: fc.array(fc.record({ code, equivalence: fc.constantFrom('equivalent', 'narrower', 'x') }, { requiredKeys: ['equivalence'] }), { maxLength: 2 }) }, { requiredKeys: ['code'] }), { maxLength: 3 }) }, { requiredKeys: ['source', 'element'] }), { maxLength: 2 }) },
        fc.jsonValue({ maxDepth: 2 }),
      ),
    },
    { requiredKeys: ['resourceType', 'url', 'status'] },
  ),
};
const writeProbe: fc.Arbitrary<Probe> = fc.constantFrom('CodeSystem', 'ValueSet', 'ConceptMap').chain((type) =>
  fc
    .tuple(
      fc.constantFrom('PUT', 'PUT', 'POST'),
      fc.oneof({ weight: 8, arbitrary: WRITABLE[type] }, { weight: 1, arbitrary: fc.constantFrom(...Object.values(WRITABLE)).chain((a) => a) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }),
      fc.oneof({ weight: 8, arbitrary: fc.constant(`Bearer ${ADMIN_TOKEN}`) }, { weight: 1, arbitrary: fc.constantFrom('Bearer nope', undefined) }),
      fc.oneof({ weight: 8, arbitrary: fc.constant('application/fhir+json') }, { weight: 1, arbitrary: fc.constantFrom(...JSON_TYPES, 'text/plain') }),
      fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('fz-1', 'ncmp-2021', 'x') }),
    )
    .map(([method, resource, auth, contentType, otherId]) => {
      const id = otherId ?? (typeof resource === 'object' && resource !== null && 'id' in resource ? String(resource.id) : 'x');
      return {
        method,
        path: method === 'PUT' ? `/fhir/${type}/${encodeURIComponent(id)}` : `/fhir/${type}`,
        headers: headersOf({ authorization: auth, type: contentType }),
        body: JSON.stringify(resource) ?? 'null',
      };
    }),
);

// ---- the checks ---------------------------------------------------------------------------------------
/**
 * The fuzz suite: `requests` generated requests in all, shared by writes (15 %), operations (45 %), searches
 * (25 %) and anything (15 %). Prints each property's seed (FUZZ_SEED=<seed> replays it) and a summary line.
 */
export function fuzzSuite(requests: number): void {
  const runs = { writes: Math.round(requests * 0.15), operations: Math.round(requests * 0.45), searches: Math.round(requests * 0.25) };
  const anyRuns = requests - runs.writes - runs.operations - runs.searches;
  describe(`fuzzing every route with ${requests} generated requests`, () => {
    let t: ReliabilityApp;
    let http: HttpServer;
    let port = 0;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const statuses = new Map<string, number>();
    const reasons = new Map<string, number>();
    const seeds = new Map<string, number>();
    /** The seed of a property, printed before it runs and in the summary. */
    const seedOf = (name: string): number => {
      const seed = seedFor(name);
      seeds.set(name, seed);
      console.log(`fuzz ${name}: seed ${seed} (replay: FUZZ_SEED=${seed})`);
      return seed;
    };

    beforeAll(async () => {
      t = await startApp({ config: { adminToken: ADMIN_TOKEN } });
      http = createHttpServer(t.app);
      await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
      port = (http.server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      const byStatus = new Map<number, number>();
      for (const [key, n] of statuses) byStatus.set(Number(key.split(' ')[1]), (byStatus.get(Number(key.split(' ')[1])) ?? 0) + n);
      const sent = [...byStatus.values()].reduce((a, b) => a + b, 0);
      const errors = [...byStatus].filter(([status]) => status >= 500).reduce((a, [, n]) => a + n, 0);
      console.log(`fuzz summary: ${sent} requests; statuses ${[...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(', ')}; ${errors} × 5xx; seeds ${[...seeds].map(([k, v]) => `${k}=${v}`).join(', ')}`);
      if (process.env.FUZZ_STATS) {
        console.log([...statuses.entries()].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
        console.log([...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v} ${k}`).join('\n'));
      }
      agent.destroy();
      await new Promise((resolve) => http.server.close(resolve));
      await t.close();
    });

    function send(probe: Probe): Promise<Answer> {
      return new Promise((resolve, reject) => {
        const headers: OutgoingHttpHeaders = { ...probe.headers };
        if (probe.body !== undefined) headers['content-length'] = Buffer.byteLength(probe.body);
        const req = httpRequest({ host: '127.0.0.1', port, method: probe.method, path: probe.path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(probe.body);
      });
    }

    /** The property every answer has. */
    async function check(probe: Probe): Promise<void> {
      const answer = await send(probe);
      statuses.set(`${probe.method} ${answer.status}`, (statuses.get(`${probe.method} ${answer.status}`) ?? 0) + 1);
      if (process.env.FUZZ_STATS && answer.status >= 400) {
        const text = (answer.body.toString('utf8').match(/"text":"([^"]{0,60})/)?.[1] ?? '').replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N');
        reasons.set(text, (reasons.get(text) ?? 0) + 1);
      }
      const where = `${probe.method} ${probe.path.slice(0, 300)} ${JSON.stringify(probe.headers)} ${String(probe.body ?? '').slice(0, 300)}`;
      if (answer.status >= 500) throw new Error(`${answer.status} for ${where}: ${answer.body.toString('utf8').slice(0, 300)}`);
      if (probe.method === 'HEAD' || answer.status === 204) return;
      if (probe.method === 'OPTIONS' && !probe.path.startsWith('/fhir') && answer.status === 200) {
        // The pages' router answers OPTIONS itself, with the methods it allows.
        expect(answer.headers.allow).toMatch(/GET/);
        return;
      }
      if (/^text\/html/.test(String(answer.headers['content-type'] ?? ''))) {
        // The pages for people live outside the FHIR base; they are HTML, never a stack trace.
        expect(probe.path.startsWith('/fhir')).toBe(false);
        const html = answer.body.toString('utf8');
        expect(html).toMatch(/^<!doctype html>/i);
        expect(html).not.toMatch(/\n\s+at [\w.<]+ \(/);
        return;
      }
      if (answer.status >= 400) {
        expect(answer.headers['content-type']).toMatch(/^application\/fhir\+json/);
        assertOperationOutcome(JSON.parse(answer.body.toString('utf8')), where);
      } else {
        const parsed = JSON.parse(answer.body.toString('utf8')) as { resourceType?: unknown; status?: unknown };
        expect(typeof parsed.resourceType === 'string' || typeof parsed.status === 'string').toBe(true);
      }
    }

    it(`answers ${runs.writes} generated writes (valid token mostly) without a 5xx; what they store is what the other probes then read`, async () => {
      await fc.assert(fc.asyncProperty(writeProbe, check), { numRuns: runs.writes, seed: seedOf('writes') });
      expect(await revision(t)).toBeGreaterThan(0);
      const ready = await send({ method: 'GET', path: '/ready', headers: {} });
      expect(ready.status).toBe(200);
    });
    it(`answers ${runs.operations} generated operation requests (GET and POST, every operation) without a 5xx`, async () => {
      await fc.assert(fc.asyncProperty(operationProbe, check), { numRuns: runs.operations, seed: seedOf('operations') });
    });

    it(`answers ${runs.searches} generated searches (empty, repeated, prefixed, modified, malformed parameters) without a 5xx`, async () => {
      await fc.assert(fc.asyncProperty(searchProbe, check), { numRuns: runs.searches, seed: seedOf('searches') });
    });

    it(`answers ${anyRuns} requests with any method, path, headers and body without a 5xx`, async () => {
      await fc.assert(fc.asyncProperty(anyProbe, check), { numRuns: anyRuns, seed: seedOf('any') });
    });
  });
}

/**
 * A fixed seed per property (so CI runs are repeatable), or FUZZ_SEED to explore: `FUZZ_SEED=random`
 * or a number. fast-check prints the seed and the shrunk counterexample of a failure.
 */
function seedFor(name: string): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  if (raw !== undefined && /^-?\d+$/.test(raw)) return Number(raw);
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return hash;
}
