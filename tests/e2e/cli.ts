/**
 * Runs docproof's CLI as a user would (a child process), from dist/ when it is built (npm test builds first),
 * else from source through tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cliCommand, root } from '../support/cli.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}


/**
 * DOCPROOF_E2E_AUTHENTIK=ui|api: how every `docproof run` of the suite performs the guide's authentik steps, unless the
 * test says. CI runs the real authentik releases older than the one the guides are written for in api mode: their admin
 * interface names things differently (2026.2's "Create with Provider" is 2026.5's "New Application"), which the
 * walk reports as it should, and which would hide the rest of the suite's scenarios behind it.
 */
function withAuthentikMode(args: string[]): string[] {
  const mode = process.env.DOCPROOF_E2E_AUTHENTIK;
  if (!mode || args[0] !== 'run' || args.includes('--authentik')) return args;
  return [...args, '--authentik', mode];
}

export function docproof(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; onOutput?: (child: ChildProcess, stderrSoFar: string) => void } = {},
): Promise<CliResult> {
  const [cmd, ...pre] = cliCommand();
  args = withAuthentikMode(args);
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

/** One finding as `docproof run --format json` prints it (findingsJson in src/report/format.ts). */
export interface JsonFinding {
  file: string;
  line: number | null;
  column: number | null;
  ruleId: string | null;
  severity: 'error' | 'warning' | 'info';
  message: string;
  hint: string | null;
  evidence?: Record<string, string>;
}

/** What `docproof run --format json` prints (src/commands/run.ts). */
export interface RunJson {
  header: string[];
  tests: { file: string; outcome: string; durationMs: number | null; failedStep: string | null }[];
  findings: JsonFinding[];
}

/** The findings as a person reads them (line, rule, message): the message of an assertion on their lines and rules. */
export function describeFindings(findings: JsonFinding[]): string {
  return findings.map((f) => `${f.line ?? '-'} ${f.ruleId ?? '-'}: ${f.message}`).join('\n') || 'no findings';
}
