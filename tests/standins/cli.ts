/**
 * `npm run standins -- --env-file F [--log]`: starts the authentik and Portainer stand-ins on loopback with fresh
 * secrets, writes F (0600) for `docproof run --stack external --env-file F`, prints the URLs (never the secrets),
 * and runs in the foreground until SIGINT or SIGTERM, then closes both and removes F.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launchStandins, writeEnvFile } from './launch.js';

// package.json runs `tsx tests/standins/cli.ts --`: Node 20 reads an `--env-file` anywhere on its command line
// (and exits when the file does not exist yet), unless it comes after a `--`. Drop that separator here.
const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
let args;
try {
  args = parseArgs({ args: argv, options: { 'env-file': { type: 'string' }, log: { type: 'boolean' } }, allowPositionals: false }).values;
} catch (err) {
  process.stderr.write(`standins: ${(err as Error).message}\n`);
  process.exit(2);
}
const envFile = args['env-file'];
if (!envFile) {
  process.stderr.write('standins: usage: npm run standins -- --env-file FILE [--log]\n');
  process.exit(2);
}

const standins = await launchStandins(args.log ? { log: (l) => process.stderr.write(`${l}\n`) } : {});
try {
  writeEnvFile(envFile, standins.env);
} catch (err) {
  await standins.close();
  process.stderr.write(`standins: cannot write ${envFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
  process.exit(2);
}
process.stdout.write(
  [
    `stand-ins running: ${standins.label}`,
    `  authentik: ${standins.authentik.url}`,
    `  portainer: ${standins.portainer.url}`,
    `  env file:  ${envFile} (0600)`,
    `run: npx docproof run --stack external --env-file ${envFile} docs/integrations/portainer/index.md`,
    'Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
const stop = async (sig: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`standins: ${sig}, stopping\n`);
  await standins.close();
  rmSync(envFile, { force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
