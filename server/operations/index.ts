import { conceptMapTranslate } from './conceptmap-translate';
import { lookup } from './codesystem-lookup';
import { codeSystemDiff } from './codesystem-diff';
import { codeSystemSubsumes } from './codesystem-subsumes';
import { codeSystemValidateCode } from './codesystem-validate-code';
import type { Operation } from './shared/operation';
import { valueSetExpand } from './valueset-expand';
import { valueSetValidateCode } from './valueset-validate-code';
import { valueSetBatchValidateCode } from './valueset-batch-validate-code';

/** Every operation the server implements; routes and the CapabilityStatement are built from this list. */
export const OPERATIONS: readonly Operation[] = [
  lookup,
  codeSystemValidateCode,
  codeSystemSubsumes,
  codeSystemDiff,
  valueSetValidateCode,
  valueSetBatchValidateCode,
  valueSetExpand,
  conceptMapTranslate,
];
