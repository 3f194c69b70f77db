"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ping = ping;
const kysely_1 = require("kysely");
/** Resolves when the database answers a trivial query; rejects with the driver's error otherwise. */
async function ping(db) {
    await (0, kysely_1.sql) `select 1`.execute(db);
}
//# sourceMappingURL=health.js.map