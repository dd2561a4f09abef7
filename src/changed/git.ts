/**
 * The files a change touches, from git: what the branch changed since it left `base` (`git diff base...HEAD`, i.e.
 * from the merge base, as a pull request shows it), plus what is not committed yet (staged, unstaged, untracked).
 * Renames count as a deletion and an addition, so a guide that imports a moved partial's old path is touched too.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../findings.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new UsageError('git is not installed (docproof changed needs it)');
    const line = (e.stderr ?? e.message).split('\n').find((l) => l.trim()) ?? e.message;
    throw new UsageError(`git ${args[0]}: ${line.trim()}`);
  }
}

const names = (out: string) => out.split('\0').filter(Boolean);

export interface ChangeSet {
  /** The repository's top folder. */
  top: string;
  /** Absolute paths of the touched files (existing or deleted). */
  files: string[];
}

export async function changedFiles(base: string, dir: string): Promise<ChangeSet> {
  let top: string;
  try {
    top = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch (err) {
    if (err instanceof UsageError && /not a git repository/i.test(err.message)) {
      throw new UsageError(`${dir}: not inside a git repository (docproof changed compares git revisions)`);
    }
    throw err;
  }
  try {
    await git(top, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  } catch {
    throw new UsageError(`--base ${base}: no such commit in ${top} (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)`);
  }
  const [committed, uncommitted, untracked] = await Promise.all([
    git(top, ['diff', '--name-only', '--no-renames', '-z', `${base}...HEAD`]),
    git(top, ['diff', '--name-only', '--no-renames', '-z', 'HEAD']),
    git(top, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const files = new Set([...names(committed), ...names(uncommitted), ...names(untracked)].map((f) => path.resolve(top, f)));
  return { top, files: [...files].sort() };
}
