/**
 * Runs docproof's CLI as a user would (a child process), from dist/ when it is built (npm test builds first),
 * else from source through tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const root = path.resolve(import.meta.dirname, '../..');

export function cliCommand(): string[] {
  const dist = path.join(root, 'dist/cli.js');
  if (existsSync(dist) && process.env.DOCPROOF_E2E_FROM_SOURCE !== '1') return [process.execPath, dist];
  return [process.execPath, '--import', 'tsx', path.join(root, 'src/cli.ts')];
}

export function docproof(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; onOutput?: (child: ChildProcess, stderrSoFar: string) => void } = {},
): Promise<CliResult> {
  const [cmd, ...pre] = cliCommand();
  const started = Date.now();
  const child = spawn(cmd!, [...pre, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    opts.onOutput?.(child, stderr);
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
}

export interface JsonFinding {
  ruleId: string;
  line: number | null;
  message: string;
  severity?: string;
  hint?: string;
  evidence?: Record<string, string>;
  [k: string]: unknown;
}

/** Every object with a ruleId in the JSON report, whatever its nesting (the reporter's shape is its own). */
export function findingsIn(json: unknown): JsonFinding[] {
  const out: JsonFinding[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.ruleId === 'string' && ('line' in o || 'place' in o)) {
        const line = typeof o.line === 'number' ? o.line : ((o.place as { line?: number } | undefined)?.line ?? null);
        out.push({ ...(o as JsonFinding), line, message: String(o.message ?? o.reason ?? '') });
      } else Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return out;
}
