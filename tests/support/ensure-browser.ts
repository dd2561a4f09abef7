/**
 * Run before the tests: makes sure a Chromium is there, installing Debian's when we are root on Debian,
 * else says in one line what is missing and exits 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumExecutable } from '../../src/browser.js';

function playwrightsOwn(): string | undefined {
  try {
    const p = chromium.executablePath();
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

function tryAptInstall(): boolean {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  process.stderr.write('docproof tests: installing Debian chromium (apt-get install -y chromium)\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  return r.status === 0;
}

let found: string | undefined;
try {
  found = chromiumExecutable() ?? playwrightsOwn();
} catch (err) {
  process.stderr.write(`docproof tests: ${(err as Error).message}\n`);
  process.exit(1);
}
if (!found && tryAptInstall()) found = chromiumExecutable();
if (!found) {
  process.stderr.write(
    'docproof tests: no Chromium found: install it (apt-get install chromium), set DOCPROOF_CHROMIUM, or run npx playwright install chromium\n',
  );
  process.exit(1);
}
const version = execFileSync(found, ['--version'], { encoding: 'utf8' }).trim();
process.stdout.write(`docproof tests: browser ${version} (${found})\n`);
