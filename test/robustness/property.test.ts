/**
 * Robustness in `npm test`: 1,000 property cases over mutated real manifests, the regressions, and the light
 * pathological files. The 10,000-case runs and the multi-megabyte files are in property.heavy.test.ts
 * (`npm run test:heavy`). The suites are in suites.ts.
 */
import { pathologicalSuite, propertySuites, regressionSuite } from './suites';

propertySuites(1_000);
regressionSuite();
pathologicalSuite(false);
