"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.valueSetFor = valueSetFor;
const outcome_1 = require("./outcome");
const compose_1 = require("../terminology/compose");
const request_scope_1 = require("../terminology/request-scope");
/**
 * The value set a ValueSet operation is about: the instance (`ValueSet/ncmp-2014/$expand`), an inline
 * `valueSet`, or `url` (+`valueSetVersion`, or `url|version`, else chosen by `date`). Exactly one.
 */
function valueSetFor(input, snapshot, instanceId, date) {
    const url = input.string('url');
    const inline = input.resources('valueSet')[0];
    const given = [instanceId !== undefined, url !== undefined, inline !== undefined].filter(Boolean).length;
    if (given === 0)
        throw outcome_1.FhirError.invalid('A value set is required: url, valueSet, or an instance-level call', ['url']);
    if (given > 1)
        throw outcome_1.FhirError.invalid('Give only one of url, valueSet or an instance-level call', ['url']);
    if (instanceId !== undefined) {
        const entry = snapshot.valueSets.find((v) => v.resourceId === instanceId);
        if (!entry)
            throw outcome_1.FhirError.notFound(`ValueSet/${instanceId} is not known to this server`);
        return entry;
    }
    if (inline !== undefined) {
        if (inline.resourceType !== 'ValueSet')
            throw outcome_1.FhirError.invalid(`Parameter 'valueSet' must carry a ValueSet, got ${inline.resourceType}`, ['valueSet']);
        return (0, request_scope_1.inlineValueSet)(inline);
    }
    return (0, compose_1.resolveValueSet)(snapshot, url, input.string('valueSetVersion'), date);
}
//# sourceMappingURL=value-set-input.js.map