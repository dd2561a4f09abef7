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

const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
if (args.length === 0) {
  process.stderr.write('standins:run: usage: npm run standins:run -- GUIDE... [docproof run options]\n');
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'docproof-standins-'));
const envFile = path.join(dir, 'standins.env');
const standins = await launchStandins();
writeEnvFile(envFile, standins.env);
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
rmSync(dir, { recursive: true, force: true });
process.exit(stopping && code === 0 ? 130 : code);
