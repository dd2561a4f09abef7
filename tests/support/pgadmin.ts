/**
 * Real pgAdmin 4 from PyPI for the tests: installed once into a virtual environment (the version pinned in
 * src/versions.ts), then started per suite in server mode on loopback with its data, SQLite database and log in a
 * private folder. It is reached like any external application: the env file names its URL, its first admin (created
 * by pgAdmin's own first start from PGADMIN_SETUP_EMAIL / PGADMIN_SETUP_PASSWORD, as its container image does), the
 * config_local.py docproof writes (DOCPROOF_APP_CONFIG_FILE), the command that restarts it (DOCPROOF_APP_RESTART) and
 * its log (DOCPROOF_APP_LOG).
 *
 * Layout of an instance folder: config_distro.py (what a packager sets: server mode, data dir, log, address),
 * conf/config_local.py (what the guide sets; conf/ is on PYTHONPATH, where pgAdmin's `import config_local` finds it),
 * data/, pgadmin4.log, console.log, pid, restart (a bash script: stop, start, wait until /misc/ping answers).
 *
 * `npx tsx tests/support/pgadmin.ts install` installs (idempotent); `... start DIR` prints an env file's lines.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { PINNED } from '../../src/versions.js';
import { randomSecret } from '../../src/stack/random.js';
import { ENV_KEYS } from '../../src/stack/types.js';

export const PGADMIN_VERSION = PINNED.pgadmin.version;
/** Loopback address of the test instance: its own, so that its cookies never meet authentik's or Portainer's. */
export const PGADMIN_HOST = '127.0.0.7';

/** Where the virtual environment lives: DOCPROOF_PGADMIN_CACHE, else ~/.cache/docproof/pgadmin-<version>. */
export function pgadminCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCPROOF_PGADMIN_CACHE?.trim() || path.join(homedir(), '.cache', 'docproof', `pgadmin-${PGADMIN_VERSION}`);
}

function venvPython(cache: string): string {
  return path.join(cache, 'venv', 'bin', 'python');
}

/** The pgadmin4 package folder inside the venv (pgAdmin4.py, config.py). */
function packageDir(cache: string): string {
  const out = execFileSync(venvPython(cache), ['-c', 'import pgadmin4; print(list(pgadmin4.__path__)[0])'], { encoding: 'utf8' });
  return out.trim();
}

/**
 * Installs pgadmin4==<pinned> into the cache's venv unless it is there (a marker names the version). Built in a
 * sibling folder and renamed into place, so an interrupted install leaves nothing half made behind.
 */
export function installPgAdmin(opts: { cache?: string; log?: (l: string) => void } = {}): { cache: string; packageDir: string } {
  const cache = opts.cache ?? pgadminCacheDir();
  const marker = path.join(cache, 'installed');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === PGADMIN_VERSION && existsSync(venvPython(cache))) {
    return { cache, packageDir: packageDir(cache) };
  }
  mkdirSync(path.dirname(cache), { recursive: true });
  const building = `${cache}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  opts.log?.(`installing pgadmin4==${PGADMIN_VERSION} from PyPI into ${cache} (about 30 s)`);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) {
      rmSync(building, { recursive: true, force: true });
      const why = (r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').slice(-1)[0];
      throw new Error(`pgAdmin install failed at \`${cmd} ${args.join(' ')}\`: ${why}`);
    }
  };
  // The venv is made where it will live (its scripts hold absolute paths); pip runs in the building copy first.
  run('python3', ['-m', 'venv', path.join(building, 'venv')]);
  run(path.join(building, 'venv', 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `pgadmin4==${PGADMIN_VERSION}`]);
  rmSync(cache, { recursive: true, force: true });
  // A venv moved after creation keeps the old path in bin/ scripts; we call only its python with -m or a file path.
  renameSync(building, cache);
  writeFileSync(marker, `${PGADMIN_VERSION}\n`);
  return { cache, packageDir: packageDir(cache) };
}

async function freePortOn(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PgAdminInstance {
  url: string;
  dir: string;
  adminEmail: string;
  adminPassword: string;
  configFile: string;
  restartCommand: string;
  logFile: string;
  version: string;
  /** The external stack's app keys (ENV_KEYS names) for this instance. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

function pyString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Starts a fresh pgAdmin (new data dir, new admin) and waits until it answers. */
export async function startPgAdmin(opts: { cache?: string; dir?: string; log?: (l: string) => void } = {}): Promise<PgAdminInstance> {
  const { cache, packageDir: pkg } = installPgAdmin({ ...(opts.cache ? { cache: opts.cache } : {}), ...(opts.log ? { log: opts.log } : {}) });
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'docproof-pgadmin-'));
  mkdirSync(path.join(dir, 'conf'), { recursive: true });
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const port = await freePortOn(PGADMIN_HOST);
  const url = `http://${PGADMIN_HOST}:${port}`;
  const adminEmail = 'admin@docproof.example.com';
  const adminPassword = randomSecret(18);
  const logFile = path.join(dir, 'pgadmin4.log');
  writeFileSync(
    path.join(dir, 'config_distro.py'),
    [
      '# What a packager of pgAdmin sets (docproof tests/support/pgadmin.ts); the guide\'s settings go to conf/config_local.py.',
      'SERVER_MODE = True',
      `DATA_DIR = ${pyString(path.join(dir, 'data'))}`,
      `LOG_FILE = ${pyString(logFile)}`,
      `DEFAULT_SERVER = ${pyString(PGADMIN_HOST)}`,
      `DEFAULT_SERVER_PORT = ${port}`,
      'UPGRADE_CHECK_ENABLED = False',
      'import logging',
      'FILE_LOG_LEVEL = logging.INFO',
      '',
    ].join('\n'),
  );
  const configFile = path.join(dir, 'conf', 'config_local.py');
  const restart = path.join(dir, 'restart');
  // The secrets of the first start live in a 0600 file the script reads, never in its text or arguments.
  const secretEnv = path.join(dir, 'setup.env');
  writeFileSync(secretEnv, `export PGADMIN_SETUP_EMAIL=${adminEmail}\nexport PGADMIN_SETUP_PASSWORD=${adminPassword}\n`, { mode: 0o600 });
  writeFileSync(
    restart,
    `#!/usr/bin/env bash
# Restarts this pgAdmin and returns when it answers; on failure prints pgAdmin's last words and exits 1.
set -u
cd ${JSON.stringify(dir)}
if [ -f pid ]; then
  old=$(cat pid)
  kill "$old" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$old" 2>/dev/null
  rm -f pid
fi
[ "\${1:-}" = stop ] && exit 0
. ./setup.env
export CONFIG_DISTRO_FILE_PATH=${JSON.stringify(path.join(dir, 'config_distro.py'))}
export PYTHONPATH=${JSON.stringify(path.join(dir, 'conf'))}
# authlib refuses http token and userinfo URLs unless told; the test stacks serve authentik over http on loopback.
export AUTHLIB_INSECURE_TRANSPORT=1
: > console.log
setsid ${JSON.stringify(venvPython(cache))} ${JSON.stringify(path.join(pkg, 'pgAdmin4.py'))} >>console.log 2>&1 < /dev/null &
echo $! > pid
for _ in $(seq 1 600); do
  if curl -fs -o /dev/null --max-time 2 ${JSON.stringify(url + '/misc/ping')}; then exit 0; fi
  if ! kill -0 "$(cat pid)" 2>/dev/null; then
    echo "pgAdmin stopped while starting:" >&2
    grep -v '^\\s*$' console.log | tail -n 15 >&2
    rm -f pid
    exit 1
  fi
  sleep 0.1
done
echo "pgAdmin did not answer ${url}/misc/ping within 60 s" >&2
tail -n 15 console.log >&2
exit 1
`,
  );
  chmodSync(restart, 0o755);
  const started = spawnSync(restart, [], { encoding: 'utf8' });
  if (started.status !== 0) {
    throw new Error(`pgAdmin ${PGADMIN_VERSION} did not start at ${url}: ${(started.stderr || started.stdout).trim()}`);
  }
  const env: Record<string, string> = {
    [ENV_KEYS.appName]: 'pgadmin',
    [ENV_KEYS.appUrl]: url,
    [ENV_KEYS.appAdminUser]: adminEmail,
    [ENV_KEYS.appAdminPassword]: adminPassword,
    [ENV_KEYS.appConfigFile]: configFile,
    [ENV_KEYS.appRestart]: restart,
    [ENV_KEYS.appLog]: logFile,
  };
  return {
    url,
    dir,
    adminEmail,
    adminPassword,
    configFile,
    restartCommand: restart,
    logFile,
    version: PGADMIN_VERSION,
    env,
    stop: async () => {
      spawnSync(restart, ['stop']);
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd] = process.argv.slice(2);
  if (cmd === 'install') {
    const { cache } = installPgAdmin({ log: (l) => process.stderr.write(`docproof tests: ${l}\n`) });
    process.stdout.write(`pgAdmin ${PGADMIN_VERSION} in ${cache}\n`);
  } else {
    process.stderr.write('usage: tsx tests/support/pgadmin.ts install\n');
    process.exit(2);
  }
}
