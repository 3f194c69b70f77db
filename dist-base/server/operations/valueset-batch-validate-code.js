"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.valueSetBatchValidateCode = exports.definition = exports.MAX_BATCH_ITEMS = void 0;
exports.handler = handler;
const outcome_1 = require("../fhir/outcome");
const valueset_validate_code_1 = require("./valueset-validate-code");
/** The most items one batch may hold. */
exports.MAX_BATCH_ITEMS = 100;
exports.definition = {
    name: 'ValueSet/$batch-validate-code',
    definitionUrl: 'http://hl7.org/fhir/uv/tx-ecosystem/OperationDefinition/ValueSet-batch-validate-code',
    parameters: [...valueset_validate_code_1.valueSetValidateCode.definition.parameters, { name: 'validation', type: 'Resource', max: '*' }],
};
async function handler(input, ctx) {
    const items = input.resources('validation');
    if (items.length === 0)
        throw outcome_1.FhirError.invalid('A batch needs at least one validation (a Parameters resource)', ['validation']);
    if (items.length > exports.MAX_BATCH_ITEMS)
        throw outcome_1.FhirError.invalid(`A batch holds at most ${exports.MAX_BATCH_ITEMS} validations, got ${items.length}`, ['validation']);
    if (!ctx.readParameters)
        throw new Error('batch-validate-code needs a Parameters reader');
    const answers = [];
    for (const item of items) {
        try {
            const own = ctx.readParameters(valueset_validate_code_1.valueSetValidateCode.definition, item);
            answers.push((await valueset_validate_code_1.valueSetValidateCode.handler(input.overlaidWith(own, ['validation']), ctx)));
        }
        catch (error) {
            if (!(error instanceof outcome_1.FhirError) || error.status >= 500)
                throw error;
            answers.push((0, outcome_1.operationOutcome)(error.issues));
        }
    }
    return { resourceType: 'Parameters', parameter: answers.map((resource) => ({ name: 'validation', resource })) };
}
exports.valueSetBatchValidateCode = { resourceType: 'ValueSet', code: 'batch-validate-code', definition: exports.definition, handler };
//# sourceMappingURL=valueset-batch-validate-code.js.map