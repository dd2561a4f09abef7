/**
 * `docproof changed [--base REF] [--root DIR] [--all] [--format lines|json]`: the guides a change touches, for CI. A guide
 * is touched when its file changed, or a file it imports, shows or links changed (through partials too), comparing
 * the merge base of REF and HEAD with the working tree (committed, staged, unstaged and untracked changes).
 * `lines` prints one guide path per line (nothing when none); `json` adds why, and which guides have an application
 * driver (those the e2e can run). `--all` lists every guide under DIR instead (no git needed), for a scheduled run.
 * Exit 0 when it could tell, 2 when it could not (not a git repository, unknown REF).
 */
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { affectedGuides, allGuides, type Reason } from '../changed/affected.js';
import { changedFiles } from '../changed/git.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { UsageError } from '../findings.js';
import { stdio, type Io } from './io.js';

/** Paths as printed: relative to the working folder, with forward slashes (stable in CI logs and JSON). */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file) || '.';
  return rel.split(path.sep).join('/');
}

function reasonJson(r: Reason) {
  return { kind: r.kind, file: shown(r.file), line: r.line, via: r.via.map(shown) };
}

export async function run(_positional: string[], opts: Record<string, unknown>, io: Io = stdio): Promise<number> {
  const base = typeof opts.base === 'string' && opts.base ? opts.base : 'origin/main';
  const root = typeof opts.root === 'string' && opts.root ? opts.root : '.';
  const format = opts.format ?? 'lines';
  if (format !== 'lines' && format !== 'json') {
    io.err(`docproof changed: unknown format "${String(format)}" (lines or json)\n`);
    return EXIT_USAGE;
  }
  try {
    const s = await stat(root).catch(() => null);
    if (!s?.isDirectory()) throw new UsageError(`--root ${root}: no such folder`);
    const all = opts.all === true;
    const change = all ? null : await changedFiles(base, path.resolve(root));
    const { guides, unreadable } = change ? await affectedGuides(root, change.files) : await allGuides(root);
    if (unreadable.length) {
      const more = unreadable.length > 3 ? ` (and ${unreadable.length - 3} more)` : '';
      io.err(`docproof changed: ${unreadable.length} guide(s) could not be read, so what they reference is unknown: ${unreadable.slice(0, 3).join('; ')}${more}\n`);
    }
    if (format === 'json') {
      const json = {
        base: all ? null : base,
        root: shown(path.resolve(root)),
        changedFiles: change ? change.files.length : null,
        guides: guides.map((g) => ({ file: shown(g.file), app: g.appSlug, driver: g.driver, reasons: g.reasons.map(reasonJson) })),
      };
      io.out(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      for (const g of guides) io.out(`${shown(g.file)}\n`);
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`docproof changed: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
