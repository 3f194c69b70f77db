"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ImportError = void 0;
/**
 * Why an import was refused: which file, which line (1-based, when one line is to blame) and what is wrong.
 * Every refusal of the import pipeline is one of these, so the command line and the server can report it
 * the same way and tests can tell a refused file from a crash.
 */
class ImportError extends Error {
    /** The file (or manifest) that was being imported. */
    file;
    /** The 1-based line (or worksheet row) that is wrong; undefined when the file as a whole is. */
    line;
    /** The problem, without the file and line. */
    problem;
    constructor(file, line, problem, options) {
        super(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`, options);
        this.name = 'ImportError';
        this.file = file;
        this.line = line;
        this.problem = problem;
    }
}
exports.ImportError = ImportError;
//# sourceMappingURL=import-error.js.map