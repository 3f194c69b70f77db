// The one table of the server's issue messages: key → text template. Every issue carries its key as the extension
// `operationoutcome-message-id`, so that a client (the HL7 validator, the tx-ecosystem suite) can tell messages apart
// without parsing their words. Keys shared with tx.fhir.org are those of the FHIR core validator's message catalogue
// (org.hl7.fhir.utilities i18n `Messages.properties`), with its texts; the server's own messages have keys in the
// same style, prefixed `NCMP_`.

/** The extension that carries an issue's message key (tx.fhir.org, HL7 validator). */
export const MESSAGE_ID_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id';

/**
 * Message key → text template; `{0}`, `{1}`, … are filled by {@link msg}. A template that is only `{0}` marks a
 * message whose words are composed where it is raised (they depend on what is known about the code or request).
 */
export const MESSAGES = {
  // ---- $validate-code: membership, codes, displays (tx.fhir.org's keys and words)
  None_of_the_provided_codes_are_in_the_value_set_one: "The provided code '{0}' was not found in the value set '{1}'",
  TX_GENERAL_CC_ERROR_MESSAGE: "No valid coding was found for the value set '{0}'",
  Unknown_Code_in_Version: "Unknown code '{0}' in the CodeSystem '{1}' version '{2}'",
  UNKNOWN_CODE_IN_FRAGMENT: "Unknown Code '{0}' in the CodeSystem '{1}' version '{2}' - note that the code system is labeled as a fragment, so the code may be valid in some other fragment",
  INACTIVE_CONCEPT_FOUND: "The concept '{0}' has a status of {1} and its use should be reviewed",
  DEPRECATED_CONCEPT_FOUND: "The concept '{0}' is deprecated and its use should be reviewed",
  STATUS_CODE_WARNING_CODE: "The concept '{0}' is valid but is not active",
  CONCEPT_DEPRECATED_IN_VALUESET: "The presence of the concept '{0}' in the system '{1}' in the value set {2} is marked with a status of deprecated and its use should be reviewed",
  ABSTRACT_CODE_NOT_ALLOWED: "Code '{0}' is abstract, and not allowed in this context",
  Display_Name_for__should_be_one_of__instead_of: "Wrong Display Name '{0}' for {1}. {2} (for the language(s) '{3}')",
  Display_Name_WS_for__should_be_one_of__instead_of: "Wrong Display Name '{0}' for {1}. {2} (for the language(s) '{3}') (the difference is only in case or whitespace)",
  NO_VALID_DISPLAY_FOUND_NONE_FOR_LANG_OK: "There are no valid display names found for the code {0} for language(s) '{1}'. The display is '{2}' which is a valid display for the default language",
  NO_VALID_DISPLAY_FOUND_NONE_FOR_LANG_ERR: "Wrong Display Name '{0}' for {1}. There are no valid display names found for language(s) '{2}'. Default display is '{3}'",
  INACTIVE_DISPLAY_FOUND: "'{0}' is no longer considered a correct display for code '{1}' (status = deprecated). The correct display is one of {2}.",
  Coding_has_no_system__cannot_validate: 'Coding has no system. A code with no system has no defined meaning, and it cannot be validated. A system should be provided',
  Unable_to_resolve_system__value_set_has_multiple_matches: "The System URI could not be determined for the code '{0}' in the ValueSet '{1}': value set expansion has multiple matches: [{2}]",
  UNABLE_TO_INFER_CODESYSTEM: "The System URI could not be determined for the code '{0}' in the ValueSet '{1}': none of its code systems ({2}) has it",
  Terminology_TX_System_ValueSet2: "The Coding references a value set, not a code system ('{0}')",
  Terminology_TX_System_Relative: '{0} must be an absolute reference, not a local reference',
  // tx.fhir.org's words, unclosed parenthesis and all (the batch test compares them exactly).
  Unable_to_find_code_to_validate: 'Unable to find code to validate (looked for coding | codeableConcept | code+system | code+inferSystem in parameters',
  // ---- code systems and value sets that cannot be found or used
  UNKNOWN_CODESYSTEM: "A definition for CodeSystem '{0}' could not be found, so the code cannot be validated",
  UNKNOWN_CODESYSTEM_EXP: "A definition for CodeSystem '{0}' could not be found, so the value set cannot be expanded",
  UNKNOWN_CODESYSTEM_VERSION: "A definition for CodeSystem '{0}' version '{1}' could not be found, so the code cannot be validated. Valid versions: {2}",
  UNKNOWN_CODESYSTEM_VERSION_EXP: "A definition for CodeSystem '{0}' version '{1}' could not be found, so the value set cannot be expanded. Valid versions: {2}",
  UNKNOWN_CODESYSTEM_VERSION_NONE: "A definition for CodeSystem '{0}' version '{1}' could not be found, so the code cannot be validated. No versions of this code system are known",
  // ---- status of the resources an answer rests on
  MSG_DRAFT: 'Reference to draft {0} {1}',
  MSG_EXPERIMENTAL: 'Reference to experimental {0} {1}',
  MSG_DEPRECATED: 'Reference to deprecated {0} {1}',
  MSG_WITHDRAWN: 'Reference to withdrawn {0} {1}',
  // ---- the server's own (NCMP): dates, fragments, successors, derived grouping codes
  NCMP_CODE_RETIRED: '{0}',
  NCMP_CODE_SUCCEEDED: '{0}',
  NCMP_CODE_SUCCESSION_PENDING: '{0}',
  NCMP_DERIVED_CODE_NOT_ALLOWED: "Code '{0}' is a grouping concept of {1} (derived from the code shape), not a code to record; set abstract=true to accept it",
  NCMP_CODESYSTEM_NOT_PRESENT: "The CodeSystem '{0}' version '{1}' is known only by its definition (content = not-present), so codes in it cannot be checked",
  NCMP_NO_VERSION_IN_FORCE: '{0}',
} as const;

/** A key of {@link MESSAGES}. */
export type MessageKey = keyof typeof MESSAGES;

/** A message as an issue carries it: its key and its words. */
export interface Message {
  messageId: MessageKey;
  text: string;
}

/** The message `key` with its template's `{n}` filled from `args`. */
export function msg(key: MessageKey, ...args: (string | number)[]): Message {
  const text = (MESSAGES[key] as string).replace(/\{(\d+)\}/g, (whole, n: string) => (args[Number(n)] !== undefined ? String(args[Number(n)]) : whole));
  return { messageId: key, text };
}
