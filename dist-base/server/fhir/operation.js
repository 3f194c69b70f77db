"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ECHO_VALUE_KEY = exports.OperationInput = exports.REQUEST_SCOPE_PARAMETERS = void 0;
const dates_1 = require("../terminology/dates");
/**
 * Inputs every operation accepts that scope the request rather than the question: resources sent inline
 * (`tx-resource`, never stored) and the version pinning the HL7 validator sends.
 */
exports.REQUEST_SCOPE_PARAMETERS = [
    { name: 'tx-resource', type: 'Resource', max: '*' },
    { name: 'system-version', type: 'canonical', max: '*' },
    { name: 'check-system-version', type: 'canonical', max: '*' },
    { name: 'force-system-version', type: 'canonical', max: '*' },
    { name: 'default-to-latest-version', type: 'boolean' },
    { name: 'default-valueset-version', type: 'canonical', max: '*' },
    { name: 'useSupplement', type: 'canonical', max: '*' },
];
/** The parsed inputs of one request: parameter name → values, in the order given. */
class OperationInput {
    values;
    givenNames;
    constructor(values, 
    /** The names as the client sent them (an R5 alias stays visible here). */
    givenNames = new Set()) {
        this.values = values;
        this.givenNames = givenNames;
    }
    /** This input with an item's parameters in place of its own of the same names (a batch item over the batch's shared ones). */
    overlaidWith(item, drop = []) {
        const values = new Map([...this.values].filter(([name]) => !drop.includes(name)));
        for (const [name, list] of item.values)
            values.set(name, list);
        return new OperationInput(values, new Set([...this.givenNames, ...item.givenNames]));
    }
    /** Whether the client used this exact name (not an alias of it). */
    usedName(name) {
        return this.givenNames.has(name);
    }
    /** Whether the parameter was given. */
    has(name) {
        return (this.values.get(name)?.length ?? 0) > 0;
    }
    /** The single value of a string-typed parameter. */
    string(name) {
        const v = this.values.get(name)?.[0];
        return typeof v === 'string' ? v : undefined;
    }
    /** All values of a repeating string-typed parameter. */
    strings(name) {
        return (this.values.get(name) ?? []).filter((v) => typeof v === 'string');
    }
    boolean(name) {
        const v = this.values.get(name)?.[0];
        return typeof v === 'boolean' ? v : undefined;
    }
    integer(name) {
        const v = this.values.get(name)?.[0];
        return typeof v === 'number' ? v : undefined;
    }
    /** A `date`/`dateTime` input as an ISO calendar date. */
    date(name) {
        const v = this.string(name);
        return v === undefined ? undefined : (0, dates_1.toIsoDate)(v);
    }
    coding(name) {
        const v = this.values.get(name)?.[0];
        return v !== undefined && typeof v === 'object' ? v : undefined;
    }
    codeableConcept(name) {
        const v = this.values.get(name)?.[0];
        return v !== undefined && typeof v === 'object' ? v : undefined;
    }
    /** The values of a parameter as given (after type checks), for echoing them back. */
    valuesOf(name) {
        return this.values.get(name) ?? [];
    }
    resources(name) {
        return (this.values.get(name) ?? []).filter((v) => typeof v === 'object' && v !== null && 'resourceType' in v);
    }
}
exports.OperationInput = OperationInput;
/** The value[x] key an answer uses to echo a parameter of this type (`expansion.parameter`). */
exports.ECHO_VALUE_KEY = {
    code: 'valueCode',
    uri: 'valueUri',
    canonical: 'valueUri',
    string: 'valueString',
    boolean: 'valueBoolean',
    integer: 'valueInteger',
    dateTime: 'valueDateTime',
};
//# sourceMappingURL=operation.js.map