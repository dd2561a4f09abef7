/**
 * docproof's CLI as a user runs it, a child process: from dist/ when it is built (npm test builds first), else from
 * source through tsx; `fromSource` for tests of the source itself, whatever dist/ holds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

export function cliCommand(opts: { fromSource?: boolean } = {}): string[] {
  const dist = path.join(root, 'dist/cli.js');
  if (!opts.fromSource && existsSync(dist) && process.env.DOCPROOF_E2E_FROM_SOURCE !== '1') return [process.execPath, dist];
  return [process.execPath, '--import', 'tsx', path.join(root, 'src/cli.ts')];
}

/** Runs the CLI to its end in the repository, colours off; `env` is added to this process's environment. */
export function docproofSync(args: string[], opts: { fromSource?: boolean; env?: NodeJS.ProcessEnv } = {}): { code: number | null; stdout: string; stderr: string } {
  const [cmd, ...pre] = cliCommand(opts);
  const r = spawnSync(cmd!, [...pre, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...opts.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
