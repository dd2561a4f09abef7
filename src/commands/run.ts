/**
 * `docproof run GUIDE... --stack external --env-file F [--format ...] [--headed] [--trace ...] [--output DIR]
 * [--retries N]`: performs each guide in a real browser against the stack and reports, at the guides' lines, what
 * did not hold. The first line of output names the stack and the versions of authentik, the application and the
 * browser. Exit 0 when every guide holds, 1 on findings, 2 on usage, input or infrastructure errors.
 */
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { countBySeverity, UsageError } from '../findings.js';
import { extractFile, GuideInputError } from '../guide/extract.js';
import { planGuide } from '../plan/plan.js';
import { findingsJson, formatFindings, REPORT_FORMATS, type ReportFormat } from '../report/format.js';
import { runEngine, type GuideToRun } from '../run/engine.js';
import type { TraceMode } from '../run/input.js';
import { loadExternalStack } from '../stack/external.js';
import { Masker } from '../stack/mask.js';
import type { Stack } from '../stack/types.js';
import { readFile } from 'node:fs/promises';
import { stdio, type Io } from './io.js';


async function loadStack(kind: string, opts: Record<string, unknown>, app: string): Promise<Stack> {
  if (kind === 'external') {
    const envFile = typeof opts.envFile === 'string' ? opts.envFile : undefined;
    return loadExternalStack({ envFile });
  }
  if (kind === 'compose') {
    // The compose stack is issue 5's (src/stack/compose.ts); reached through its exported startComposeStack().
    let mod: { startComposeStack?: (o: Record<string, unknown>) => Promise<Stack> };
    try {
      mod = (await import('../stack/' + 'compose.js')) as typeof mod;
    } catch {
      mod = {};
    }
    if (!mod.startComposeStack) {
      throw new UsageError('--stack compose is not available in this build; use --stack external --env-file F (e.g. the stand-ins: npm run standins -- --env-file F)');
    }
    // compose starts the application the guides are about (each has its own profile in compose.yaml).
    return mod.startComposeStack({ ...opts, app });
  }
  throw new UsageError(`--stack ${kind}: unknown stack (compose or external)`);
}

export async function run(positional: string[], opts: Record<string, unknown>, io: Io = stdio): Promise<number> {
  const format = (opts.format as ReportFormat | undefined) ?? 'pretty';
  if (!REPORT_FORMATS.includes(format)) {
    io.err(`docproof run: unknown format "${String(format)}"\n`);
    return EXIT_USAGE;
  }
  if (positional.length === 0) {
    io.err('docproof run: give at least one guide file\n');
    return EXIT_USAGE;
  }
  const retries = Number(opts.retries ?? process.env.DOCPROOF_RETRIES ?? 0);
  if (!Number.isInteger(retries) || retries < 0) {
    io.err('docproof run: --retries must be a whole number\n');
    return EXIT_USAGE;
  }

  let inputErrors = 0;
  const guides: GuideToRun[] = [];
  for (const file of positional) {
    try {
      const { guide } = await extractFile(file);
      guides.push({ file, plan: planGuide(guide), text: await readFile(file, 'utf8') });
    } catch (err) {
      if (err instanceof GuideInputError) io.err(`${err.toLine()}\n`);
      else if (err instanceof UsageError) io.err(`${err.message}\n`);
      else throw err;
      inputErrors++;
    }
  }
  if (guides.length === 0) return EXIT_USAGE;

  let stack: Stack;
  try {
    stack = await loadStack(String(opts.stack ?? 'compose'), opts, guides[0]!.plan.app.name);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`docproof: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const masker = new Masker([stack.authentik.token, stack.app.adminPassword, stack.testUser.password]);
  const out = (s: string) => io.out(masker.mask(s));
  try {
    const result = await runEngine({
      guides,
      stack,
      headed: opts.headed === true,
      trace: (opts.trace as TraceMode | undefined) ?? 'retain-on-failure',
      outputDir: typeof opts.output === 'string' ? opts.output : '.docproof/run',
      retries,
      ...(opts.authentik === 'ui' || opts.authentik === 'api' ? { authentik: opts.authentik } : {}),
      progress: (t) => io.err(masker.mask(t)),
      onHeader: (lines) => {
        if (format === 'pretty') out(`${lines.join('\n')}\n`);
      },
    });
    masker.add(...result.masker.secrets);
    const header = [...result.header, `artifacts: ${typeof opts.output === 'string' ? opts.output : '.docproof/run'} (HTML report: html-report/index.html)`];
    if (format === 'pretty') {
      for (const t of result.results?.tests ?? []) {
        const last = t.attempts.at(-1);
        const status = t.outcome === 'expected' ? 'passed' : t.outcome === 'flaky' ? 'passed on retry (flaky)' : 'FAILED';
        out(`${t.file}: ${status} in ${((last?.durationMs ?? 0) / 1000).toFixed(1)} s${last?.failedStep ? ` at "${last.failedStep}"` : ''}\n`);
      }
      out(formatFindings(result.files, 'pretty'));
    } else if (format === 'json') {
      // The run's JSON names the stack and versions beside the findings, so a stored report says what it proved.
      const tests = (result.results?.tests ?? []).map((t) => ({
        file: t.file,
        outcome: t.outcome,
        durationMs: t.attempts.at(-1)?.durationMs ?? null,
        failedStep: t.attempts.at(-1)?.failedStep ?? null,
      }));
      const findings = findingsJson(result.files);
      out(`${JSON.stringify({ header, tests, findings }, null, 2)}\n`);
    } else {
      out(formatFindings(result.files, format, { title: 'docproof run', header }));
    }
    for (const line of result.infra) io.err(`docproof: ${masker.mask(line)}\n`);
    if (result.infra.length || inputErrors) return EXIT_USAGE;
    return countBySeverity(result.files).error > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`docproof: ${masker.mask(err.message)}\n`);
      return EXIT_USAGE;
    }
    throw err;
  } finally {
    await stack.stop();
  }
}
