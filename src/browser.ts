/**
 * Which Chromium to launch, and how. Debian's Chromium (or DOCPROOF_CHROMIUM) where present, because
 * Playwright's own download is not reachable everywhere; otherwise Playwright's own Chromium.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const BROWSER_LOCALE = 'en-US';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The executable to pass to `chromium.launch({ executablePath })`, or undefined for Playwright's own. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.DOCPROOF_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`DOCPROOF_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  return SYSTEM_CHROMIUM.find((p) => existsSync(p));
}

export function launchOptions(env: NodeJS.ProcessEnv = process.env): { executablePath?: string; args: string[] } {
  const executablePath = chromiumExecutable(env);
  return executablePath ? { executablePath, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS };
}
