// The fuzz suite (fuzz-suite.ts) at the size of the CI fault step (`npm run test:faults`): 10,000 generated
// requests, on loopback, within two minutes; `npm test` runs 2,000 (fuzz.int.test.ts).
import { fuzzSuite } from './fuzz-suite';

fuzzSuite(10_000);
