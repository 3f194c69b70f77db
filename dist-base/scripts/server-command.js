"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SERVER_ENTRY = void 0;
exports.startScriptNodeFlags = startScriptNodeFlags;
/**
 * The command `npm start` runs, read from package.json, so that the benchmark and the soak test start the
 * server exactly as a user does (the same heap and WebAssembly flags), and so a test can check the Dockerfile
 * against it.
 */
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const ROOT = (0, node_path_1.resolve)(__dirname, '..');
/** The compiled entry point, relative to the project root. */
exports.SERVER_ENTRY = 'dist/server/main.js';
/**
 * The node flags of the `start` script (`exec node FLAGS… dist/server/main.js`). The `exec` makes the shell
 * npm runs the script in become node, so the SIGTERM npm forwards reaches the server.
 */
function startScriptNodeFlags(packageJsonPath = (0, node_path_1.resolve)(ROOT, 'package.json')) {
    const pkg = JSON.parse((0, node_fs_1.readFileSync)(packageJsonPath, 'utf8'));
    const start = pkg.scripts?.start ?? '';
    const all = start.trim().split(/\s+/);
    const words = all[0] === 'exec' ? all.slice(1) : all;
    if (words[0] !== 'node' || words[words.length - 1] !== exports.SERVER_ENTRY || words.slice(1, -1).some((w) => !w.startsWith('--'))) {
        throw new Error(`package.json "start" should be "exec node [--flags…] ${exports.SERVER_ENTRY}", got "${start}"`);
    }
    return words.slice(1, -1);
}
//# sourceMappingURL=server-command.js.map