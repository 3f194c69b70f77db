"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=value-set.js.map