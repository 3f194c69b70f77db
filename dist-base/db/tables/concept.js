"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=concept.js.map