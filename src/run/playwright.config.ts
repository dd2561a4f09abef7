/**
 * The Playwright configuration of `docproof run` (not the repository's own e2e suite): everything comes from the
 * run file the parent wrote. One worker, because every guide of a run drives the same application instance.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { BROWSER_LOCALE, launchOptions } from '../browser.js';
import { readRunInput } from './input.js';

const input = readRunInput();
const self = fileURLToPath(import.meta.url);
const here = path.dirname(self);
const ext = path.extname(self); // .ts when run from source, .js from dist
const out = input.outputDir;

export default defineConfig({
  testDir: here,
  testMatch: `guide.run${ext}`,
  outputDir: path.join(out, 'test-results'),
  workers: 1,
  fullyParallel: false,
  retries: input.retries,
  timeout: input.timeoutMs,
  reporter: [
    [path.join(here, `reporter${ext}`)],
    ['list', { printSteps: true }],
    ['html', { outputFolder: path.join(out, 'html-report'), open: 'never' }],
    ['json', { outputFile: path.join(out, 'results.json') }],
    ['junit', { outputFile: path.join(out, 'results.xml') }],
  ],
  use: {
    browserName: 'chromium',
    headless: !input.headed,
    locale: BROWSER_LOCALE,
    launchOptions: launchOptions(),
    trace: input.trace,
    screenshot: 'only-on-failure',
    video: 'off',
    ignoreHTTPSErrors: true,
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
  },
});
