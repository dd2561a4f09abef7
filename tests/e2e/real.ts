/**
 * The real tier: real authentik and real Portainer built from their own sources by ../shared/real (this
 * machine's stand-in for containers; see its README), reached as an external stack. `up` makes a fresh database,
 * a fresh Portainer and fresh secrets and writes the env file; `down` stops all of it. ../shared/real is a given,
 * like a package: when it fails, we say so in one line with its log, and change nothing in it.
 *
 * DOCPROOF_REAL_DIR: where the toolkit is (default ../shared/real beside this repository).
 * DOCPROOF_REAL_AUTHENTIK: the authentik version `up` starts (the toolkit's own variable; default its default).
 * DOCPROOF_REAL_HOME: where it built (the toolkit's own variable; default /var/cache/docproof-real).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '../support/cli.js';

export function realDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DOCPROOF_REAL_DIR ?? path.join(root, '..', 'shared', 'real'));
}

function realHome(env: NodeJS.ProcessEnv): string {
  return env.DOCPROOF_REAL_HOME ?? '/var/cache/docproof-real';
}

/** The authentik versions the toolkit has built (its READY file: one `authentik VERSION ...` line each). */
export function builtVersions(env: NodeJS.ProcessEnv = process.env): string[] {
  const ready = path.join(realHome(env), 'READY');
  if (!existsSync(ready)) return [];
  return [...readFileSync(ready, 'utf8').matchAll(/^authentik (\S+)/gm)].map((m) => m[1]!);
}

/** Why the real tier cannot run here, or null when it can (the toolkit is there and has built a version). */
export function realTierMissing(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = realDir(env);
  if (!existsSync(path.join(dir, 'up'))) return `no real-program toolkit at ${dir} (set DOCPROOF_REAL_DIR)`;
  const built = builtVersions(env);
  if (built.length === 0) return `${dir}/build has not finished on this machine (no ${path.join(realHome(env), 'READY')})`;
  const wanted = env.DOCPROOF_REAL_AUTHENTIK;
  if (wanted && !built.includes(wanted)) return `authentik ${wanted} is not built (built: ${built.join(', ')}); run ${dir}/build --authentik ${wanted}`;
  return null;
}

export class RealTierError extends Error {
  override name = 'RealTierError';
}

interface Ran {
  code: number | null;
  output: string;
}

function runTool(cmd: string, args: string[], logFile: string): Promise<Ran> {
  return new Promise((resolve) => {
    // Its own process group: a Ctrl-C meant for the test runner does not cut `up` or `down` off half way;
    // the runner's teardown calls `down` instead.
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => resolve({ code: null, output: `${output}\ncannot start ${cmd}: ${err.message}` }));
    child.on('close', (code) => {
      writeFileSync(logFile, output);
      resolve({ code, output });
    });
  });
}

/** The line of a failed `up` that says what went wrong (its ERROR line, else its last line). */
export function failureLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^ERROR\b|FAILED/.test(l)) ?? lines.at(-1) ?? '(no output)';
}

export interface RealStack {
  envFile: string;
  label: string;
  upSeconds: number;
  stop(): Promise<void>;
}

/**
 * Brings the real programs up with fresh state (`up --env-file F`), or throws a RealTierError with one line naming
 * the step that failed and the log. A failing `up` stops what it started itself (and one that refuses to start,
 * because a build or another stack is running, has started nothing that is ours to stop).
 */
export async function startRealStack(env: NodeJS.ProcessEnv = process.env): Promise<RealStack> {
  const missing = realTierMissing(env);
  if (missing) throw new RealTierError(`real tier: ${missing}`);
  const dir = realDir(env);
  const work = mkdtempSync(path.join(tmpdir(), 'docproof-real-'));
  const envFile = path.join(work, 'real.env');
  const upLog = path.join(work, 'up.log');
  const version = env.DOCPROOF_REAL_AUTHENTIK;
  const started = Date.now();
  const up = await runTool(path.join(dir, 'up'), ['--env-file', envFile, ...(version ? ['--authentik', version] : [])], upLog);
  const upSeconds = (Date.now() - started) / 1000;
  const stop = async () => {
    await runTool(path.join(dir, 'down'), [], path.join(work, 'down.log'));
    rmSync(work, { recursive: true, force: true });
  };
  if (up.code !== 0 || !existsSync(envFile)) {
    const line = failureLine(up.output);
    throw new RealTierError(`real tier: ${dir}/up failed (exit ${up.code}): ${line} (its output: ${upLog})`);
  }
  const label = /^DOCPROOF_STACK_LABEL="?([^"\n]*)"?$/m.exec(readFileSync(envFile, 'utf8'))?.[1] ?? `real (${dir})`;
  return { envFile, label, upSeconds, stop };
}
