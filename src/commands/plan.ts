/**
 * `docproof plan GUIDE [--format pretty|json]`: prints the ordered steps a run performs, each with the guide lines
 * it performs. A guide that cannot be run (no OAuth2 provider, no application driver) or bad input: one line on
 * stderr and exit 2.
 */
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { UsageError } from '../findings.js';
import { extractFile, GuideInputError } from '../guide/extract.js';
import { planGuide } from '../plan/plan.js';
import { formatPlan } from '../plan/pretty.js';
import { stdio, type Io } from './io.js';

export async function run(positional: string[], opts: Record<string, unknown>, io: Io = stdio): Promise<number> {
  const format = (opts.format as string | undefined) ?? 'pretty';
  const file = positional[0];
  if (!file || positional.length > 1) {
    io.err('docproof plan: give exactly one guide file\n');
    return EXIT_USAGE;
  }
  try {
    const { guide } = await extractFile(file);
    const plan = planGuide(guide);
    io.out(format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
    return EXIT_OK;
  } catch (err) {
    if (err instanceof GuideInputError) io.err(`${err.toLine()}\n`);
    else if (err instanceof UsageError) io.err(`${err.message}\n`);
    else throw err;
    return EXIT_USAGE;
  }
}
