/**
 * The stack the e2e suite runs against, started by the global setup and stopped by the teardown it returns.
 * DOCPROOF_STACK: `standins` (the default where no Docker engine answers, as on the machines this repository is
 * tested on), `external` (instances you run; DOCPROOF_ENV_FILE names their env file), `compose` (real containers
 * that this suite starts with src/stack/compose.ts and removes at the end; the default where a Docker engine answers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { readFileSync } from 'node:fs';
import { chooseTestStack, dockerEngineAnswers, type TestStack } from '../../src/stack/select.js';
import { ENV_KEYS, type Stack } from '../../src/stack/types.js';
import type { Standins } from '../standins/launch.js';
import { startRealStack, type RealStack } from './real.js';

export const E2E_ENV_FILE = 'DOCPROOF_E2E_ENV_FILE';
/**
 * On compose: the env file of the stack's pgAdmin (pgAdmin's suite runs on it instead of a pgAdmin from PyPI). It
 * names the app-control server this process serves for the compose stack, through which each run recreates
 * pgAdmin's container with the guide's PGADMIN_CONFIG_* variables.
 */
export const E2E_PGADMIN_ENV_FILE = 'DOCPROOF_E2E_PGADMIN_ENV_FILE';
export const E2E_STACK_LABEL = 'DOCPROOF_E2E_STACK_LABEL';

let running: { standins: Standins | null; compose: Stack | null; real: RealStack | null; dir: string | null; control?: { close(): Promise<void> } } | null = null;

/** The env file `docproof run --stack external` reads, for a stack this suite started. */
function envOf(stack: Stack): Record<string, string> {
  return {
    [ENV_KEYS.stackLabel]: stack.label,
    [ENV_KEYS.authentikUrl]: stack.authentik.url,
    [ENV_KEYS.authentikToken]: stack.authentik.token,
    [ENV_KEYS.appName]: stack.app.name,
    [ENV_KEYS.appUrl]: stack.app.url,
    [ENV_KEYS.appAdminUser]: stack.app.adminUser,
    [ENV_KEYS.appAdminPassword]: stack.app.adminPassword,
  };
}

/** DOCPROOF_STACK when set; else compose when a Docker engine answers, else the stand-ins (src/stack/select.ts). */
export function stackKind(env: NodeJS.ProcessEnv = process.env): TestStack {
  return chooseTestStack(env, dockerEngineAnswers);
}

/** Starts (or finds) the stack; sets E2E_ENV_FILE and E2E_STACK_LABEL for the workers; returns the label. */
export async function startStack(): Promise<string> {
  const kind = stackKind();
  if (kind === 'compose') {
    const { startComposeStack } = await import('../../src/stack/compose.js');
    const { serveAppControl } = await import('../../src/stack/app-control.js');
    const t0 = Date.now();
    // One stack for every suite: Portainer's, and pgAdmin beside it (its own profile) for pgAdmin's suite.
    const compose = await startComposeStack({ alsoApps: ['pgadmin'] });
    process.stdout.write(`docproof e2e: compose stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const label = await publish(envOf(compose), compose.label, { standins: null, compose });
    const pgadmin = compose.others.pgadmin!;
    const control = await serveAppControl({ recreateWithEnv: pgadmin.recreateWithEnv!, logsSince: pgadmin.logsSince! });
    running!.control = control;
    const { writeEnvFile } = await import('../standins/launch.js');
    const file = path.join(running!.dir!, 'pgadmin.env');
    writeEnvFile(file, {
      ...envOf({ ...compose, app: pgadmin }),
      [ENV_KEYS.appControlUrl]: control.control.url,
      [ENV_KEYS.appControlToken]: control.control.token,
    });
    process.env[E2E_PGADMIN_ENV_FILE] = file;
    return label;
  }
  if (kind === 'real') {
    const real = await startRealStack();
    process.stdout.write(`docproof e2e: real tier up in ${real.upSeconds.toFixed(1)} s\n`);
    return useEnvFile(real.envFile, real.label, { real });
  }
  if (kind === 'external') {
    const file = process.env.DOCPROOF_ENV_FILE;
    if (!file) throw new Error('DOCPROOF_STACK=external needs DOCPROOF_ENV_FILE (the env file of the running instances)');
    const env = parseEnv(readFileSync(file, 'utf8'));
    return useEnvFile(file, env.DOCPROOF_STACK_LABEL ?? `external (${env.DOCPROOF_AUTHENTIK_URL}, ${env.DOCPROOF_APP_URL})`, {});
  }
  // Imported here, not at the top: the stand-ins' libraries print warnings on load, after our first line.
  const { launchStandins } = await import('../standins/launch.js');
  const standins = await launchStandins();
  return publish(standins.env, standins.label, { standins, compose: null });
}

/** Names an env file that exists already (external instances, or the one the real tier's `up` wrote) to the workers. */
function useEnvFile(file: string, label: string, started: { real?: RealStack }): string {
  process.env[E2E_ENV_FILE] = path.resolve(file);
  process.env[E2E_STACK_LABEL] = label;
  running = { standins: null, compose: null, real: started.real ?? null, dir: null };
  return label;
}

/** Writes the env file of a stack this suite started into a private folder and names it to the workers. */
async function publish(env: Record<string, string>, label: string, started: { standins: Standins | null; compose: Stack | null }): Promise<string> {
  const { writeEnvFile } = await import('../standins/launch.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'docproof-e2e-'));
  const file = path.join(dir, 'stack.env');
  writeEnvFile(file, env);
  process.env[E2E_ENV_FILE] = file;
  process.env[E2E_STACK_LABEL] = label;
  running = { ...started, real: null, dir };
  return label;
}

export async function stopStack(): Promise<void> {
  if (!running) return;
  const { standins, compose, real, dir, control } = running;
  running = null;
  await control?.close();
  await standins?.close();
  await compose?.stop();
  await real?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
