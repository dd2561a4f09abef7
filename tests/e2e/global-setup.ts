import type { FullConfig } from '@playwright/test';
import { UsageError } from '../../src/findings.js';
import { RealTierError } from './real.js';
import { stackKind, startStack, stopStack } from './stack.js';

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  // The first line of the e2e output, and the HTML report's metadata, say which stack ran.
  const kind = stackKind();
  process.stdout.write(`docproof e2e: stack ${kind} (DOCPROOF_STACK=${process.env.DOCPROOF_STACK ?? 'unset'})\n`);
  let label: string;
  try {
    label = await startStack();
  } catch (err) {
    // The real tier not built, half built or not coming up, or the compose stack not starting (no engine, an image
    // it cannot pull, a service not ready; already removed): one line naming the step, exit 2.
    if (!(err instanceof RealTierError) && !(err instanceof UsageError)) throw err;
    process.stderr.write(`docproof e2e: ${kind === 'compose' ? 'compose: ' : ''}${err.message}\n`);
    process.exit(2);
  }
  process.stdout.write(`docproof e2e: ${label}\n`);
  config.metadata = { ...config.metadata, stack: label };
  return stopStack;
}
