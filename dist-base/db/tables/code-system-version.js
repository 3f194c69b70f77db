"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=code-system-version.js.map