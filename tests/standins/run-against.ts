/**
 * `npm run standins:run -- GUIDE... [docproof run options]`: for machines without a Docker engine. Starts the
 * stand-ins, runs `docproof run --stack external` against them with the given guides and options, stops them,
 * and exits with docproof's exit code. The env file lives in a private temporary folder removed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliCommand } from '../support/cli.js';
import { launchStandins, writeEnvFile } from './launch.js';
import { existsSync, readFileSync } from 'node:fs';
import { driverInfoOfGuide } from '../../src/apps/known.js';
import { extractText } from '../../src/guide/extract.js';
import { ENV_KEYS } from '../../src/stack/types.js';
import { startPgAdmin } from '../support/pgadmin.js';

/** A guide argument (not an option) whose application is pgAdmin. */
function isPgAdminGuide(arg: string): boolean {
  if (arg.startsWith('-') || !existsSync(arg) || !/\.mdx?$/.test(arg)) return false;
  try {
    return driverInfoOfGuide(extractText(arg, readFileSync(arg, 'utf8')).guide)?.name === 'pgadmin';
  } catch {
    return false;
  }
}

const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
if (args.length === 0) {
  process.stderr.write('standins:run: usage: npm run standins:run -- GUIDE... [docproof run options]\n');
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'docproof-standins-'));
const envFile = path.join(dir, 'standins.env');
const standins = await launchStandins();
// A pgAdmin guide runs against the real pgAdmin from PyPI (tests/support/pgadmin.ts), with the authentik stand-in.
const pgadmin = args.some(isPgAdminGuide) ? await startPgAdmin({ log: (l) => process.stderr.write(`standins:run: ${l}\n`) }) : null;
writeEnvFile(envFile, { ...standins.env, ...(pgadmin ? { ...pgadmin.env, [ENV_KEYS.stackLabel]: `${standins.label.replace(/, Portainer stand-in [^)]*/, '')} with pgAdmin ${pgadmin.version} (PyPI)` } : {}) });
process.stderr.write(`standins:run: ${standins.label} at ${standins.authentik.url} and ${standins.portainer.url}\n`);

const [node, ...cli] = cliCommand();
const child = spawn(node!, [...cli, 'run', '--stack', 'external', '--env-file', envFile, ...args], {
  stdio: 'inherit',
});
let stopping = false;
const forward = (sig: NodeJS.Signals) => {
  stopping = true;
  child.kill(sig);
};
process.on('SIGINT', () => forward('SIGINT'));
process.on('SIGTERM', () => forward('SIGTERM'));
const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 130 : 2))));
await standins.close();
await pgadmin?.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(stopping && code === 0 ? 130 : code);
