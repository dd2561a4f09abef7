/**
 * `tsx tests/e2e/real-status.ts`: prints the authentik versions the real tier can run here, one per line (exit 0),
 * or one line saying why the real tier cannot run (exit 1). Used by .ci/run.
 */
import { builtVersions, realTierMissing } from './real.js';

const missing = realTierMissing();
if (missing) {
  process.stdout.write(`${missing}\n`);
  process.exit(1);
}
process.stdout.write(`${builtVersions().join('\n')}\n`);
