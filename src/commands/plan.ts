/**
 * `docproof plan GUIDE [--format pretty|json]`: prints the ordered steps a run performs, each with the guide lines
 * it performs, the authentik half as UI steps first. A guide that cannot be run (no OAuth2 provider, no application
 * driver) or bad input: one line on stderr and exit 2; a guide with an OAuth2 provider but no application driver
 * prints its authentik steps before that line.
 */
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { UsageError } from '../findings.js';
import { extractFile, GuideInputError } from '../guide/extract.js';
import { planAuthentikUi } from '../plan/authentik-ui.js';
import { PlanError, planGuide } from '../plan/plan.js';
import { formatAuthentikUi, formatPlan } from '../plan/pretty.js';
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
    let plan;
    try {
      plan = planGuide(guide);
    } catch (err) {
      // A guide docproof cannot run (no application driver, such as pgAdmin's) still has an authentik half a
      // person performs: show it, then the one line that says why there is no whole plan (exit 2).
      const authentikUi = err instanceof PlanError ? planAuthentikUi(guide) : [];
      if (authentikUi.length) io.out(format === 'json' ? `${JSON.stringify({ file: guide.file, authentikUi }, null, 2)}\n` : `${guide.file}:\n${formatAuthentikUi(authentikUi)}`);
      throw err;
    }
    io.out(format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
    return EXIT_OK;
  } catch (err) {
    if (err instanceof GuideInputError) io.err(`${err.toLine()}\n`);
    else if (err instanceof UsageError) io.err(`${err.message}\n`);
    else throw err;
    return EXIT_USAGE;
  }
}
