/**
 * `docproof extract PATH... [--format json|pretty] [--summary]`: prints the model of each guide.
 * json: one object for one file, an array in path order for several. Bad input (not a guide, malformed
 * frontmatter, binary, empty, missing path) gives one `path:line: message` line on stderr and exit 2; the other
 * files are still processed and printed. An `.mdx` file that is not valid MDX gives one
 * `path:line:column: not valid MDX: …` line and exit 2, and its model, read as plain markdown, is still printed. Files that a folder expands to but that are not
 * guides (the overview `index.mdx`) are noted on stderr and do not fail the run. Nothing is written to disk.
 */
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { extractFile, GuideInputError } from '../guide/extract.js';
import { expandPath } from '../guide/find.js';
import type { Guide } from '../guide/model.js';
import { formatGuide } from '../guide/pretty.js';
import { formatSummary, summarizeTree, treesOf } from '../guide/summary.js';
import { stat } from 'node:fs/promises';
import { stdio, type Io } from './io.js';

export async function run(positional: string[], opts: Record<string, unknown>, io: Io = stdio): Promise<number> {
  const format = (opts.format as string | undefined) ?? 'pretty';
  if (format !== 'json' && format !== 'pretty') {
    io.err(`docproof extract: unknown format "${format}" (json or pretty)\n`);
    return EXIT_USAGE;
  }
  if (positional.length === 0) {
    io.err('docproof extract: give at least one guide file or folder\n');
    return EXIT_USAGE;
  }
  return opts.summary ? summary(positional, format, io) : models(positional, format, io);
}

async function models(paths: string[], format: 'json' | 'pretty', io: Io): Promise<number> {
  let failed = false;
  const guides: Guide[] = [];
  let anyFolder = false;
  for (const p of paths) {
    let files: string[];
    let fromFolder = false;
    try {
      ({ files, fromFolder } = await expandPath(p));
      anyFolder ||= fromFolder;
    } catch (err) {
      io.err(lineOf(err, p));
      failed = true;
      continue;
    }
    for (const file of files) {
      try {
        const { guide } = await extractFile(file);
        guides.push(guide);
        if (format === 'pretty') io.out(formatGuide(guide) + '\n');
        if (guide.mdxError) {
          const { line, column, message } = guide.mdxError;
          io.err(`${file}:${line}:${column}: not valid MDX: ${message} (read as plain markdown)\n`);
          failed = true;
        }
      } catch (err) {
        if (fromFolder && err instanceof GuideInputError && err.notAGuide !== null) {
          io.err(`${err.toLine()} (skipped)\n`);
          continue;
        }
        io.err(lineOf(err, file));
        failed = true;
      }
    }
  }
  if (format === 'json') {
    const single = paths.length === 1 && guides.length === 1 && !anyFolder;
    io.out(JSON.stringify(single ? guides[0] : guides, null, 2) + '\n');
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}

async function summary(paths: string[], format: 'json' | 'pretty', io: Io): Promise<number> {
  let failed = false;
  const all = [];
  for (const p of paths) {
    if (!(await exists(p))) {
      io.err(`${p}: no such file or folder\n`);
      failed = true;
      continue;
    }
    const trees = treesOf(p);
    const subtrees = trees.filter((t) => t !== p);
    for (const tree of trees) {
      const s = await summarizeTree(tree, tree === p ? subtrees : []);
      if (tree === p && subtrees.length && s.files === 0) continue;
      all.push(s);
      if (s.failed.length) failed = true;
      if (format === 'pretty') io.out(formatSummary(s));
      for (const f of s.failed) io.err(`${f.file}${f.line ? `:${f.line}` : ''}: ${f.why}\n`);
    }
  }
  if (format === 'json') io.out(JSON.stringify(all, null, 2) + '\n');
  return failed ? EXIT_USAGE : EXIT_OK;
}

function lineOf(err: unknown, file: string): string {
  if (err instanceof GuideInputError) return err.toLine() + '\n';
  const message = err instanceof Error ? err.message : String(err);
  return `${file}: internal error: ${message.split('\n')[0]}\n`;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
