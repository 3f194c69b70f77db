"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FhirError = exports.TX_ISSUE_TYPE = void 0;
exports.issue = issue;
exports.operationOutcome = operationOutcome;
/** The code system of the terminology ecosystem's issue types (tx.fhir.org, HL7 validator). */
exports.TX_ISSUE_TYPE = 'http://hl7.org/fhir/tools/CodeSystem/tx-issue-type';
/**
 * The tx-issue-type an issue carries when its author named none, from its issue type, so that every issue
 * the server returns has a coded reason (tools IG: "so that every issue a terminology server returns can
 * carry a coded reason"). Server faults (`exception`, `transient`) have none to give.
 */
const DEFAULT_TX_TYPE = {
    invalid: 'invalid-data',
    structure: 'invalid-data',
    required: 'invalid-data',
    value: 'invalid-data',
    'not-supported': 'not-supported',
    'too-costly': 'too-costly',
    'not-found': 'not-found',
    'code-invalid': 'invalid-code',
    'business-rule': 'business-rule',
    security: 'business-rule',
    forbidden: 'business-rule',
    login: 'business-rule',
    informational: 'process-note',
};
/** Builds one OperationOutcome issue with `details.text`, the tx-issue-type coding and expression/location. */
function issue(spec) {
    const txType = spec.txType === null ? undefined : (spec.txType ?? DEFAULT_TX_TYPE[spec.code]);
    const out = {
        severity: spec.severity,
        code: spec.code,
        details: {
            ...(txType ? { coding: [{ system: exports.TX_ISSUE_TYPE, code: txType }] } : {}),
            text: spec.text,
        },
    };
    if (spec.expression && spec.expression.length > 0) {
        out.expression = spec.expression;
        out.location = spec.expression;
    }
    return out;
}
/** Wraps issues in an OperationOutcome resource. */
function operationOutcome(issues) {
    return { resourceType: 'OperationOutcome', issue: issues };
}
/**
 * The one error type of the server: thrown anywhere, turned into an OperationOutcome response in one
 * place (the error middleware). `status` is the HTTP status; `headers` are added to the response.
 */
class FhirError extends Error {
    status;
    issues;
    headers;
    constructor(status, issues, headers = {}) {
        const list = Array.isArray(issues) ? issues : [issue(issues)];
        super(list.map((i) => i.details?.text ?? i.diagnostics ?? i.code).join('; '));
        this.name = 'FhirError';
        this.status = status;
        this.issues = list;
        this.headers = headers;
    }
    /** 400: the request itself is malformed (a parameter missing, of the wrong type, or unknown). */
    static invalid(text, expression) {
        return new FhirError(400, { severity: 'error', code: 'invalid', text, txType: 'invalid-data', expression });
    }
    /** 400: a parameter the operation does not support. */
    static notSupported(text, expression) {
        return new FhirError(400, { severity: 'error', code: 'not-supported', text, expression });
    }
    /** 404: the target (resource, code system, value set, code) does not exist. */
    /** A target that is not known: as tx.fhir.org answers it, the text names it and no expression points at a parameter. */
    static notFound(text) {
        return new FhirError(404, { severity: 'error', code: 'not-found', text, txType: 'not-found' });
    }
    /** The OperationOutcome this error answers with. */
    toOutcome() {
        return operationOutcome(this.issues);
    }
}
exports.FhirError = FhirError;
//# sourceMappingURL=outcome.js.map