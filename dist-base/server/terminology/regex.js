"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_REGEX_LENGTH = void 0;
exports.compileRegex = compileRegex;
exports.regexProblem = regexProblem;
const re2js_1 = require("re2js");
/** The longest `regex` filter accepted: RE2 runs in linear time, the size limit bounds its compiled program. */
exports.MAX_REGEX_LENGTH = 1000;
/**
 * Compiles a `regex` value-set filter with RE2 (a linear-time engine: no pattern can backtrack without
 * end, so none is refused for its shape), or says why it cannot be used: too long, or not valid RE2
 * syntax (RE2 has no back references or lookaround).
 *
 * @example
 * compileRegex('WB.*')     // { match: [Function] }
 * compileRegex('(.*)*x')   // { match: [Function] }: linear time in RE2
 * compileRegex('(a)\\1')   // { problem: 'is not a valid regular expression: ...' }
 */
function compileRegex(pattern) {
    if (pattern.length > exports.MAX_REGEX_LENGTH)
        return { problem: `is longer than ${exports.MAX_REGEX_LENGTH} characters` };
    try {
        const re = re2js_1.RE2JS.compile(pattern);
        return { match: (value) => re.matches(value) };
    }
    catch (error) {
        return { problem: `is not a valid regular expression: ${error.message}` };
    }
}
/** Why a `regex` filter cannot be used, or undefined when it can. */
function regexProblem(pattern) {
    return compileRegex(pattern).problem;
}
//# sourceMappingURL=regex.js.map