/**
 * Starts both stand-ins on loopback with fresh random secrets, and describes them as the env file that
 * `docproof run --stack external --env-file F` reads (the keys of src/stack/types.ts ENV_KEYS). Used by
 * `npm run standins` (tests/standins/cli.ts) and by the e2e suite's global setup.
 */
import { writeFileSync } from 'node:fs';
import { randomSecret } from '../../src/stack/random.js';
import { ENV_KEYS } from '../../src/stack/types.js';
import { startAuthentikStandin, type AuthentikStandin } from './authentik/server.js';
import { DEFAULT_STANDIN_LINE, isStandinLine, STANDIN_LINES, type StandinLine } from './authentik/schema.js';
import { startPortainerStandin, type PortainerStandin } from './portainer/server.js';

export interface Standins {
  authentik: AuthentikStandin;
  portainer: PortainerStandin;
  /** ENV_KEYS name → value; holds secrets: write it only with writeEnvFile. */
  env: Record<string, string>;
  label: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  log?: (line: string) => void;
  /** The authentik release line the stand-in serves; default DOCPROOF_STANDIN_AUTHENTIK, else 2026.8. */
  line?: StandinLine;
}

/** DOCPROOF_STANDIN_AUTHENTIK: the release line of the authentik stand-in (2025.12, 2026.2, 2026.5, 2026.8). */
export function standinLineFromEnv(env: NodeJS.ProcessEnv = process.env): StandinLine {
  const raw = env.DOCPROOF_STANDIN_AUTHENTIK?.trim();
  if (!raw) return DEFAULT_STANDIN_LINE;
  if (!isStandinLine(raw)) {
    throw new Error(`DOCPROOF_STANDIN_AUTHENTIK="${raw}" is not one of ${Object.keys(STANDIN_LINES).join(', ')}`);
  }
  return raw;
}

export async function launchStandins(opts: LaunchOptions = {}): Promise<Standins> {
  const token = randomSecret(32);
  const log = opts.log;
  const authentik = await startAuthentikStandin({
    host: '127.0.0.1',
    port: 0,
    line: opts.line ?? standinLineFromEnv(),
    bootstrapToken: token,
    bootstrapPassword: randomSecret(),
    ...(log ? { log: (l: string) => log(`authentik ${l}`) } : {}),
  });
  let portainer: PortainerStandin;
  try {
    portainer = await startPortainerStandin({ port: 0, ...(log ? { log: (l: string) => log(`portainer ${l}`) } : {}) });
  } catch (err) {
    await authentik.close();
    throw err;
  }
  const label = `standins (authentik stand-in ${authentik.version}, Portainer stand-in ${portainer.version})`;
  const env: Record<string, string> = {
    [ENV_KEYS.stackLabel]: label,
    [ENV_KEYS.authentikUrl]: authentik.url,
    [ENV_KEYS.authentikToken]: token,
    [ENV_KEYS.appName]: 'portainer',
    [ENV_KEYS.appUrl]: portainer.url,
    [ENV_KEYS.appAdminUser]: 'admin',
    // Portainer requires 12 characters or more (reference portainer.md 1.2).
    [ENV_KEYS.appAdminPassword]: randomSecret(18),
  };
  let closed = false;
  return {
    authentik,
    portainer,
    env,
    label,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.allSettled([authentik.close(), portainer.close()]);
    },
  };
}

/** Writes the env file readable only by this user (0600). */
export function writeEnvFile(file: string, env: Record<string, string>): void {
  const text = Object.entries(env)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join('\n');
  writeFileSync(file, `# written by npm run standins; secrets are per launch\n${text}\n`, { mode: 0o600 });
}
