"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.out = void 0;
exports.parameters = parameters;
/** Builders for `Parameters` outputs: pure, one per value type. */
exports.out = {
    string: (name, value) => ({ name, valueString: value }),
    code: (name, value) => ({ name, valueCode: value }),
    uri: (name, value) => ({ name, valueUri: value }),
    canonical: (name, value) => ({ name, valueCanonical: value }),
    boolean: (name, value) => ({ name, valueBoolean: value }),
    coding: (name, value) => ({ name, valueCoding: value }),
    outcome: (name, value) => ({ name, resource: value }),
    parts: (name, part) => ({ name, part }),
};
/** A `Parameters` resource from a list in which absent outputs are `undefined`. */
function parameters(list) {
    return { resourceType: 'Parameters', parameter: list.filter((p) => !!p) };
}
//# sourceMappingURL=parameters.js.map