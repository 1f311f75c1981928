/**
 * Robustness in `npm run test:heavy` (run by .ci/run after `npm test`): 10,000 property cases over mutated real
 * manifests (the CI floor) and the multi-megabyte pathological files (5 MB of manifests, a 5 MB document,
 * 32,000 labels or ConfigMap keys, a 1 MB flow mapping of 90,000 labels, ...). The suites are in suites.ts.
 */
import { pathologicalSuite, propertySuites } from './suites';

propertySuites(10_000);
pathologicalSuite(true);
