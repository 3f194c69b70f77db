"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OPERATIONS = void 0;
const conceptmap_translate_1 = require("./conceptmap-translate");
const codesystem_lookup_1 = require("./codesystem-lookup");
const codesystem_diff_1 = require("./codesystem-diff");
const codesystem_subsumes_1 = require("./codesystem-subsumes");
const codesystem_validate_code_1 = require("./codesystem-validate-code");
const valueset_expand_1 = require("./valueset-expand");
const valueset_validate_code_1 = require("./valueset-validate-code");
const valueset_batch_validate_code_1 = require("./valueset-batch-validate-code");
/** Every operation the server implements; routes and the CapabilityStatement are built from this list. */
exports.OPERATIONS = [
    codesystem_lookup_1.lookup,
    codesystem_validate_code_1.codeSystemValidateCode,
    codesystem_subsumes_1.codeSystemSubsumes,
    codesystem_diff_1.codeSystemDiff,
    valueset_validate_code_1.valueSetValidateCode,
    valueset_batch_validate_code_1.valueSetBatchValidateCode,
    valueset_expand_1.valueSetExpand,
    conceptmap_translate_1.conceptMapTranslate,
];
//# sourceMappingURL=index.js.map