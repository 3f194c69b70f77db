// FhirError and the issue builders, below HTTP: the terminology core raises issues without knowing of Express.
import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';
import { MESSAGE_ID_EXTENSION, type Message, type MessageKey } from './messages';

/** The code system of the terminology ecosystem's issue types (tx.fhir.org, HL7 validator). */
export const TX_ISSUE_TYPE = 'http://hl7.org/fhir/tools/CodeSystem/tx-issue-type';

/** What one issue says; `txType` becomes `details.coding` from tx-issue-type. */
export interface IssueSpec {
  severity: OperationOutcomeIssue['severity'];
  code: OperationOutcomeIssue['code'];
  text: string;
  /** The key of the message in `messages.ts`, given as the extension `operationoutcome-message-id` (every issue has one). */
  messageId: MessageKey;
  /** `null`: no tx-issue-type coding (where tx.fhir.org gives none, as for a too-costly expansion). */
  txType?: string | null;
  /** FHIRPath-like pointers to the input element (`Coding.code`, `code`, `CodeableConcept.coding[1].display`). */
  expression?: string[];
  /** `false`: reported in `issues` but not repeated in $validate-code's `message` (tx.fhir.org leaves some out there). */
  inMessage?: false;
}

/**
 * The mark `inMessage: false` leaves on a built issue. A symbol key, so that a copy made by spreading the
 * issue (`{ ...issue, expression }`) keeps it and the JSON answer never shows it.
 */
const NOT_IN_MESSAGE: unique symbol = Symbol('not in message');

/** An issue as the server builds it: an OperationOutcome issue that may carry the not-in-message mark. */
type MarkedIssue = OperationOutcomeIssue & { [NOT_IN_MESSAGE]?: true };

/** Whether an issue's text belongs in $validate-code's `message` (it was not built with `inMessage: false`). */
export function isInMessage(i: OperationOutcomeIssue): boolean {
  return (i as MarkedIssue)[NOT_IN_MESSAGE] !== true;
}

/**
 * The tx-issue-type an issue carries when its author named none, from its issue type, so that every issue
 * the server returns has a coded reason (tools IG: "so that every issue a terminology server returns can
 * carry a coded reason"). Server faults (`exception`, `transient`) have none to give.
 */
const DEFAULT_TX_TYPE: Partial<Record<OperationOutcomeIssue['code'], string>> = {
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

/**
 * Builds one OperationOutcome issue with `details.text`, the tx-issue-type coding and `expression`. No `location`:
 * tx.fhir.org gives none, R5 deprecates it, and the ecosystem suite's newer answers fail an issue that has one.
 */
export function issue(spec: IssueSpec): OperationOutcomeIssue {
  const txType = spec.txType === null ? undefined : (spec.txType ?? DEFAULT_TX_TYPE[spec.code]);
  const out: MarkedIssue = {
    extension: [{ url: MESSAGE_ID_EXTENSION, valueString: spec.messageId }],
    severity: spec.severity,
    code: spec.code,
    details: {
      ...(txType ? { coding: [{ system: TX_ISSUE_TYPE, code: txType }] } : {}),
      text: spec.text,
    },
  };
  if (spec.expression && spec.expression.length > 0) out.expression = spec.expression;
  if (spec.inMessage === false) out[NOT_IN_MESSAGE] = true;
  return out;
}


/** The message an issue built by {@link issue} carries: its key (from the extension) and its words. */
export function issueMessage(i: OperationOutcomeIssue): Message {
  const key = i.extension?.find((e) => e.url === MESSAGE_ID_EXTENSION)?.valueString;
  return { messageId: key as MessageKey, text: i.details?.text ?? '' };
}

/** Wraps issues in an OperationOutcome resource. */
export function operationOutcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/**
 * The one error type of the server: thrown anywhere, turned into an OperationOutcome response in one
 * place (the error middleware). `status` is the HTTP status; `headers` are added to the response.
 */
export class FhirError extends Error {
  readonly status: number;
  readonly issues: OperationOutcomeIssue[];
  readonly headers: Record<string, string>;

  constructor(status: number, issues: OperationOutcomeIssue[] | IssueSpec, headers: Record<string, string> = {}) {
    const list = Array.isArray(issues) ? issues : [issue(issues)];
    super(list.map((i) => i.details?.text ?? i.diagnostics ?? i.code).join('; '));
    this.name = 'FhirError';
    this.status = status;
    this.issues = list;
    this.headers = headers;
  }

  /** 400: the request itself is malformed (a parameter missing, of the wrong type, or unknown). */
  static invalid(message: Message, expression?: string[]): FhirError {
    return new FhirError(400, { severity: 'error', code: 'invalid', ...message, txType: 'invalid-data', expression });
  }

  /** 400: a parameter the operation does not support. */
  static notSupported(message: Message, expression?: string[]): FhirError {
    return new FhirError(400, { severity: 'error', code: 'not-supported', ...message, expression });
  }

  /**
   * 404: the target (resource, code system, value set, code) does not exist. As tx.fhir.org answers it, the text
   * names it and no expression points at a parameter.
   */
  static notFound(message: Message): FhirError {
    return new FhirError(404, { severity: 'error', code: 'not-found', ...message, txType: 'not-found' });
  }

  /** The OperationOutcome this error answers with. */
  toOutcome(): OperationOutcome {
    return operationOutcome(this.issues);
  }
}
