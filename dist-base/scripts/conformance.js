"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `npm run conformance`: the HL7 terminology-ecosystem suite against this server.
 *
 * Builds nothing itself (the npm script builds first), starts `dist/server/main.js` with the `npm start` flags on a
 * fresh embedded PGlite database in a temp dir on a free 127.0.0.1 port, runs the shared runner
 * (`../shared/tools/tx-runner.mjs`, read by path, never copied) against it, prints a per-suite table and the
 * total line `tx: N/597`, and fails when N is below the floor in `test/conformance/floor.json` or when the server
 * log shows any 5xx answer. Options: `--suites a,b` and `--verbose` are passed to the runner (a partial run
 * is not compared with the floor).
 */
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_net_1 = require("node:net");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const server_command_1 = require("./server-command");
const ROOT = (0, node_path_1.resolve)(__dirname, '..');
const RUNNER = (0, node_path_1.resolve)(ROOT, '../shared/tools/tx-runner.mjs');
const FLOOR_FILE = (0, node_path_1.resolve)(ROOT, 'test/conformance/floor.json');
/** A free TCP port on 127.0.0.1, from the first of `ports` that can be bound. */
async function freePort(ports) {
    for (const port of ports) {
        const free = await new Promise((done) => {
            const s = (0, node_net_1.createServer)();
            s.once('error', () => done(false));
            s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
        });
        if (free)
            return port;
    }
    throw new Error(`no free port on 127.0.0.1 among ${ports[0]}..${ports[ports.length - 1]}`);
}
async function waitForMetadata(base, server, timeoutMs) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
        if (server.exitCode !== null)
            throw new Error(`the server exited with code ${server.exitCode} before answering`);
        try {
            const res = await fetch(`${base}/metadata`);
            if (res.ok)
                return;
        }
        catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`the server did not answer ${base}/metadata within ${timeoutMs / 1000} s`);
}
/** The 5xx answers in a pino JSON log (one `request completed` line per request). */
function serverErrors(logFile) {
    return (0, node_fs_1.readFileSync)(logFile, 'utf8')
        .split('\n')
        .filter((line) => {
        if (line.trim() === '')
            return false;
        try {
            const rec = JSON.parse(line);
            return (typeof rec.status === 'number' && rec.status >= 500) || (rec.level ?? 0) >= 50;
        }
        catch {
            return false;
        }
    });
}
async function main() {
    const args = process.argv.slice(2);
    const passThrough = args.filter((a) => a !== '--');
    const partial = passThrough.some((a) => a === '--suites' || a === '--filter');
    if (!(0, node_fs_1.existsSync)(RUNNER)) {
        console.error(`conformance: ${RUNNER} is missing: put the shared folder beside this clone`);
        return 2;
    }
    const floor = JSON.parse((0, node_fs_1.readFileSync)(FLOOR_FILE, 'utf8')).floor;
    const dir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'ncmp-conformance-'));
    const logFile = (0, node_path_1.join)(dir, 'server.log');
    const port = await freePort(Array.from({ length: 10 }, (_, i) => Number(process.env.CONFORMANCE_PORT ?? 18110) + i));
    const base = `http://127.0.0.1:${port}/fhir`;
    const log = (0, node_fs_1.createWriteStream)(logFile);
    const server = (0, node_child_process_1.spawn)(process.execPath, [...(0, server_command_1.startScriptNodeFlags)(), server_command_1.SERVER_ENTRY], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DIR: (0, node_path_1.join)(dir, 'pglite'), LOG_LEVEL: 'info', DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.pipe(log);
    server.stderr?.pipe(log);
    try {
        await waitForMetadata(base, server, 180_000);
        const jsonFile = (0, node_path_1.join)(dir, 'results.json');
        const runner = (0, node_child_process_1.spawn)(process.execPath, [RUNNER, '--base', base, '--json', jsonFile, ...passThrough], { stdio: 'inherit' });
        const runnerCode = await new Promise((done) => runner.once('exit', (code) => done(code ?? 2)));
        if (!(0, node_fs_1.existsSync)(jsonFile)) {
            console.error(`conformance: the runner wrote no results (exit ${runnerCode})`);
            return 2;
        }
        const report = JSON.parse((0, node_fs_1.readFileSync)(jsonFile, 'utf8'));
        console.log('\nsuite                          passed / total');
        for (const s of report.suites)
            console.log(`${s.suite.padEnd(30)} ${String(s.passed).padStart(6)} / ${s.total}`);
        console.log(`tx: ${report.passed}/${report.total}`);
        let failed = false;
        const errors = serverErrors(logFile);
        if (errors.length > 0) {
            console.error(`conformance: the server log shows ${errors.length} 5xx answers or errors, e.g.:\n${errors.slice(0, 5).join('\n')}`);
            failed = true;
        }
        if (!partial && report.passed < floor) {
            console.error(`conformance: ${report.passed} passed, below the floor of ${floor} (${FLOOR_FILE})`);
            failed = true;
        }
        else if (!partial) {
            console.log(`floor ${floor}: ok`);
        }
        return failed ? 1 : 0;
    }
    finally {
        server.kill('SIGTERM');
        await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
        log.end();
        (0, node_fs_1.rmSync)(dir, { recursive: true, force: true });
    }
}
main().then((code) => process.exit(code), (err) => {
    console.error(`conformance: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
});
//# sourceMappingURL=conformance.js.map