import type { FullConfig } from '@playwright/test';
import { stackKind, startStack, stopStack } from './stack.js';

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  // The first line of the e2e output, and the HTML report's metadata, say which stack ran.
  const kind = stackKind();
  process.stdout.write(`docproof e2e: stack ${kind} (DOCPROOF_STACK=${process.env.DOCPROOF_STACK ?? 'unset'})\n`);
  const label = await startStack();
  process.stdout.write(`docproof e2e: ${label}\n`);
  config.metadata = { ...config.metadata, stack: label };
  return stopStack;
}
