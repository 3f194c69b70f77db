// The fuzz suite (fuzz-suite.ts) at the size of `npm test`: 2,000 generated requests. The fault run
// (`npm run test:faults`, fuzz.fault.ts) sends 10,000.
import { fuzzSuite } from './fuzz-suite';

fuzzSuite(2000);
