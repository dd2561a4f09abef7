/**
 * `docproof lint PATH... [--format pretty|json|junit|github|markdown] [--max-warnings N] [--check-links] [--config FILE]`
 *
 * Exit 0 when there are no errors and no more warnings than `--max-warnings` (unlimited when not given), 1 when
 * there are, 2 for a usage or input error. Bad input (not a guide, malformed frontmatter, a path that does not
 * exist) is one `file:line: message` line on stderr; the other files are still linted and reported. Files that a
 * folder expands to but that are not guides (listing pages, partials, the template) are noted and skipped.
 *
 * `--config FILE` is JSON: `{"rules": {"tested-version": ["warning", {"maxReleases": 6}], "template-structure": "off"}}`.
 */
import { readFile } from 'node:fs/promises';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { countBySeverity } from '../findings.js';
import { fsEnv, lintPaths, resolveConfig, type LintConfig } from '../checks/lint.js';
import { formatFindings, REPORT_FORMATS, type ReportFormat } from '../report/format.js';
import { PINNED } from '../versions.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Whether stdout is a terminal that may show colours. */
  tty: boolean;
  env: Record<string, string | undefined>;
}

const stdio: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  tty: Boolean(process.stdout.isTTY),
  env: process.env,
};

export function useColor(io: Pick<Io, 'tty' | 'env'>): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.tty;
}

export async function loadConfig(file: string): Promise<LintConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${file}: cannot read the configuration file`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: expected an object like {"rules": {…}}`);
  const config = data as LintConfig;
  try {
    resolveConfig(config);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  return config;
}

export async function run(positional: string[], opts: Record<string, unknown>, io: Io = stdio): Promise<number> {
  const format = (opts.format as string | undefined) ?? 'pretty';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    io.err(`docproof lint: unknown format "${format}" (${REPORT_FORMATS.join(', ')})\n`);
    return EXIT_USAGE;
  }
  if (positional.length === 0) {
    io.err('docproof lint: give at least one guide file or folder\n');
    return EXIT_USAGE;
  }
  const maxWarnings = opts.maxWarnings as number | undefined;
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
    io.err('docproof lint: --max-warnings takes a whole number, 0 or more\n');
    return EXIT_USAGE;
  }
  let config: LintConfig = {};
  if (typeof opts.config === 'string') {
    try {
      config = await loadConfig(opts.config);
    } catch (err) {
      io.err(`docproof lint: ${(err as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  const env = opts.checkLinks ? { ...fsEnv, checkUrl: (await import('../checks/online.js')).createUrlChecker() } : fsEnv;
  const outcome = await lintPaths(positional, config, env);

  for (const s of outcome.skipped) io.err(`${s.toLine()} (skipped)\n`);
  for (const e of outcome.inputErrors) io.err(e.toLine() + '\n');

  const header = [`authentik ${PINNED.authentik.version} (pinned ${PINNED.authentik.pinnedOn})${opts.checkLinks ? '; links checked online' : ''}`];
  io.out(formatFindings(outcome.files, format as ReportFormat, { title: 'docproof lint', header, color: useColor(io) }));

  if (outcome.inputErrors.length > 0) return EXIT_USAGE;
  const counts = countBySeverity(outcome.files);
  if (counts.error > 0) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && counts.warning > maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}
