/**
 * The docker compose CLI, as child processes: no shell, arguments as an array, the per-run variables only in the
 * child's environment, a deadline on every call, and an AbortSignal so that Ctrl-C stops a long `up`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface DockerResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The deadline passed and the process was killed. */
  timedOut: boolean;
  /** The signal aborted the call and the process was killed. */
  aborted: boolean;
}

export interface DockerCallOptions {
  /** Extra variables for the child (merged over process.env). */
  env?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The docker CLI on PATH (the tests put a fake one first on PATH; nothing else replaces it). */
const DOCKER = 'docker';

/** How long a killed child gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3_000;

/** The calls still running, so that the exit handler can stop them before its last `down`. */
const live = new Set<ChildProcess>();

export function killLiveCalls(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

export function runDocker(args: string[], opts: DockerCallOptions): Promise<DockerResult> {
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const child = spawn(DOCKER, args, {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches docproof only, which then stops this call itself and
      // runs `down`, which a second Ctrl-C must not interrupt either.
      detached: true,
    });
    live.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const kill = () => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    const onAbort = () => {
      aborted = true;
      kill();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (code: number | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      live.delete(child);
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const stderr = Buffer.concat(err).toString('utf8') + (spawnError ? `${spawnError.message}\n` : '');
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, timedOut, aborted });
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
  });
}

/** The same call, synchronously: for the process `exit` handler, where nothing asynchronous runs any more. */
export function runDockerSync(args: string[], opts: Omit<DockerCallOptions, 'signal'>): DockerResult {
  const r = spawnSync(DOCKER, args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: opts.timeoutMs,
    encoding: 'utf8',
  });
  return {
    code: r.status,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error ? `${r.error.message}\n` : ''),
    timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
    aborted: false,
  };
}

/** `docker compose version --short` → "2.40.3", or null when the compose plugin does not answer. */
export async function composeVersion(): Promise<string | null> {
  const r = await runDocker(['compose', 'version', '--short'], { timeoutMs: 15_000 });
  if (r.code !== 0) return null;
  const m = /(\d+\.\d+\.\d+)/.exec(r.stdout);
  return m ? m[1]! : r.stdout.trim() || null;
}

/** True when version a >= b, comparing the numeric parts ("2.40.3" >= "2.20.0"). */
export function versionAtLeast(a: string, b: string): boolean {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export interface ServiceState {
  service: string;
  state: string;
  health: string;
  /** The exit code of a container that stopped (compose's ExitCode), else null. */
  exitCode: number | null;
}

/**
 * Parses `docker compose ps --format json`: a JSON array (compose < 2.21) or one JSON object per line (later).
 * Lines that are not JSON are ignored.
 */
export function parsePs(stdout: string): ServiceState[] {
  const text = stdout.trim();
  if (!text) return [];
  let rows: unknown[] = [];
  if (text.startsWith('[')) {
    try {
      rows = JSON.parse(text) as unknown[];
    } catch {
      rows = [];
    }
  } else {
    for (const line of text.split('\n')) {
      try {
        rows.push(JSON.parse(line));
      } catch {
        // not a JSON line (a warning compose printed): skip
      }
    }
  }
  return rows
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({
      service: String(r.Service ?? ''),
      state: String(r.State ?? ''),
      health: String(r.Health ?? ''),
      exitCode: typeof r.ExitCode === 'number' ? r.ExitCode : null,
    }))
    .filter((r) => r.service !== '');
}

/** Services that are not up: not running, or running but unhealthy / still starting their health check. */
export function notUp(states: ServiceState[]): string[] {
  return [...new Set(states.filter((s) => s.state !== 'running' || s.health === 'unhealthy' || s.health === 'starting').map((s) => s.service))];
}

/** Services whose container stopped (exited or dead): they will not become ready. */
export function stopped(states: ServiceState[]): ServiceState[] {
  return states.filter((s) => s.state === 'exited' || s.state === 'dead');
}

/**
 * Compose's progress lines say what it is doing, not what went wrong: " Network p_default  Creating",
 * " Container p-server-1  Error", " postgresql Pulling". A line is progress when it is a resource, a name and one
 * status word, or a service and one status word, and nothing else.
 */
const STATUS = 'Creating|Created|Starting|Started|Waiting|Healthy|Running|Pulling|Pulled|Stopping|Stopped|Removing|Removed|Recreate|Recreated|Exited|Building|Built|Skipped|Interrupted|Error|Warning|Canceled|Cancelled';
const PROGRESS = new RegExp(`^(?:[✔✘⠿]\\s*)?(?:(?:Network|Container|Volume|Image)\\s+\\S+|\\S+)\\s+(?:${STATUS})(?:\\s+[\\d.]+s)?$`);
const WARNING = /^(?:WARN\[\d+\]|time="[^"]*"\s+level=warning)/;
const EXPLAINS = /error|fail|unhealthy|unexpected|can't|cannot|could not|refused|denied|not found|no such|exited|invalid|required|conflict|allocated|missing|manifest unknown|unauthorized|timeout|timed out/i;

/**
 * The line of compose's stderr that says what went wrong: the last line that is neither progress nor a warning and
 * reads like an error, else the last line that is neither, else the last line (compose prints its verdict last).
 */
export function explainingLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const said = lines.filter((l) => !PROGRESS.test(l) && !WARNING.test(l));
  return said.findLast((l) => EXPLAINS.test(l)) ?? said.at(-1) ?? lines.at(-1) ?? '';
}

/** The services of `project` that a line of compose's output names by container ("docproof-x-server-1"). */
export function servicesNamed(line: string, project: string): string[] {
  const escaped = project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`\\b${escaped}[-_]([a-z0-9][a-z0-9_.-]*?)[-_]\\d+\\b`, 'g');
  return [...new Set([...line.matchAll(re)].map((m) => m[1]!))];
}
