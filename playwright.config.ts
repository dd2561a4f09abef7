/**
 * The repository's own end-to-end suite (tests/e2e): docproof's CLI, black box, against the stack that the global
 * setup starts (the stand-ins unless DOCPROOF_STACK says otherwise) and stops again (the function it returns). One worker: the
 * tests share one authentik and one Portainer. (`docproof run` itself uses src/run/playwright.config.ts.)
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
});
