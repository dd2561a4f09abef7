/**
 * `docproof report DIR [--format markdown|html|json] [-o FILE]`: the corpus health report (src/report/health.ts).
 * The report is information, not a gate: exit 0 when it was written, 2 when DIR is missing or a guide in it could
 * not be read (those are named on stderr, one line each, and listed in the report).
 */
import { stat, writeFile } from 'node:fs/promises';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { buildHealth } from '../report/health.js';
import { renderHealthHtml } from '../report/health-html.js';
import { renderHealthMarkdown } from '../report/health-markdown.js';
import { stdio, type Io } from './io.js';

const FORMATS = ['markdown', 'html', 'json'] as const;

export async function run(positional: string[], opts: Record<string, unknown>, io: Io = stdio): Promise<number> {
  const format = (opts.format as string | undefined) ?? 'markdown';
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.err(`docproof report: unknown format "${format}" (${FORMATS.join(', ')})\n`);
    return EXIT_USAGE;
  }
  const dir = positional[0];
  if (!dir || positional.length > 1) {
    io.err('docproof report: give exactly one folder of guides\n');
    return EXIT_USAGE;
  }
  try {
    if (!(await stat(dir)).isDirectory()) {
      io.err(`${dir}: not a folder\n`);
      return EXIT_USAGE;
    }
  } catch {
    io.err(`${dir}: no such folder\n`);
    return EXIT_USAGE;
  }
  const report = await buildHealth(dir);
  for (const line of report.unreadable) io.err(line + '\n');
  const text =
    format === 'html' ? renderHealthHtml(report) : format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderHealthMarkdown(report);
  const output = (opts.output as string | undefined) ?? (opts.o as string | undefined);
  if (output) {
    try {
      await writeFile(output, text);
    } catch (err) {
      io.err(`${output}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
      return EXIT_USAGE;
    }
  } else {
    io.out(text);
  }
  return report.unreadable.length ? EXIT_USAGE : EXIT_OK;
}
