/**
 * The lint engine: extract each guide, run every enabled rule over its model, and return one vfile per guide
 * with the findings sorted by place. Bad input (not a guide, malformed frontmatter, unreadable) is returned
 * separately, so the command can print it as one line and still lint the other files.
 */
import { accessSync } from 'node:fs';
import type { VFile } from 'vfile';
import type { Severity } from '../findings.js';
import { extractFile, GuideInputError, type ExtractResult } from '../guide/extract.js';
import { expandPath } from '../guide/find.js';
import type { Guide } from '../guide/model.js';
import { rules as allRules } from './index.js';
import { runRule, type AnyRule, type LintEnv, type RuleSetting } from './rule.js';

export interface LintConfig {
  /** Per rule id: off, a severity, or [severity, options]. Rules not named run with their defaults. */
  rules?: Record<string, RuleSetting>;
}

export const fsEnv: LintEnv = {
  // Synchronous on purpose: a local access() takes microseconds, a round trip through the thread pool far more.
  async exists(p) {
    try {
      accessSync(p);
      return true;
    } catch {
      return false;
    }
  },
};

/** Per rule id, what the configuration makes of it; rules not named run with their defaults. */
type RuleSettings = Map<string, { severity: Severity; options?: Record<string, unknown> } | 'off'>;

/** Validates a configuration; throws an Error with one line naming the problem. */
export function resolveConfig(config: LintConfig = {}): RuleSettings {
  const byId = new Map<string, AnyRule>(allRules.map((r) => [r.id, r]));
  const out: RuleSettings = new Map();
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const rule = byId.get(id);
    if (!rule) throw new Error(`unknown rule "${id}" (known: ${[...byId.keys()].join(', ')})`);
    const [level, options] = Array.isArray(setting) ? setting : [setting, undefined];
    if (level === 'off') {
      out.set(id, 'off');
      continue;
    }
    if (level !== 'error' && level !== 'warning' && level !== 'info') throw new Error(`rule "${id}": severity must be off, error, warning or info, not ${JSON.stringify(level)}`);
    if (options !== undefined && (typeof options !== 'object' || options === null)) throw new Error(`rule "${id}": options must be an object`);
    out.set(id, { severity: level, options });
  }
  return out;
}

/** Runs the rules over an extracted guide; the findings are added to (and sorted in) `result.file`. */
export async function lintExtracted(result: ExtractResult, config: LintConfig = {}, env: LintEnv = fsEnv): Promise<VFile> {
  return lintWith(result, resolveConfig(config), env);
}

async function lintWith(result: ExtractResult, settings: RuleSettings, env: LintEnv): Promise<VFile> {
  for (const rule of allRules as readonly AnyRule[]) {
    const setting = settings.get(rule.id);
    if (setting === 'off') continue;
    await runRule(rule, result.guide, result.file, env, setting);
  }
  sortMessages(result.file);
  // The model travels with the file, for reports that also show what the guide configures.
  (result.file.data as { guide?: Guide }).guide = result.guide;
  return result.file;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Findings in reading order: line, column, rule (stable within a rule, so a rule's own order is kept). */
export function sortMessages(file: VFile): void {
  file.messages.sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || byCodePoint(String(a.ruleId), String(b.ruleId)),
  );
}

export interface LintOutcome {
  files: VFile[];
  /** Bad input, one per file: the command prints `file:line: message` and exits 2. */
  inputErrors: GuideInputError[];
  /** Files a folder expanded to that are not guides (listing pages, partials, the template): skipped. */
  skipped: GuideInputError[];
}

export type OneResult = { file: VFile } | { inputError: GuideInputError };

/** Extracts and lints one guide; bad input comes back as data, anything else is a bug and throws. */
async function lintOne(file: string, settings: RuleSettings, env: LintEnv): Promise<OneResult> {
  try {
    return { file: await lintWith(await extractFile(file), settings, env) };
  } catch (err) {
    if (err instanceof GuideInputError) return { inputError: err };
    throw err;
  }
}

/** Lints guide files and folders (every index.md / index.mdx below a folder). */
export async function lintPaths(paths: string[], config: LintConfig = {}, env: LintEnv = fsEnv): Promise<LintOutcome> {
  const settings = resolveConfig(config);
  const outcome: LintOutcome = { files: [], inputErrors: [], skipped: [] };
  // In argument order: a guide file to lint, or a path that could not be read (reported where it was given).
  const entries: ({ path: string; fromFolder: boolean } | GuideInputError)[] = [];
  for (const p of paths) {
    try {
      const { files, fromFolder } = await expandPath(p);
      for (const f of files) entries.push({ path: f, fromFolder });
    } catch (err) {
      entries.push(err instanceof GuideInputError ? err : new GuideInputError(p, null, err instanceof Error ? err.message : String(err)));
    }
  }
  const files = entries.filter((e): e is { path: string; fromFolder: boolean } => !(e instanceof GuideInputError));
  // One guide at a time (the work is CPU-bound); with online link checks, several, since those wait on the network.
  const results = await mapLimit(
    files.map((f) => f.path),
    env.checkUrl ? 8 : 1,
    (f) => lintOne(f, settings, env),
  );
  let i = 0;
  for (const entry of entries) {
    if (entry instanceof GuideInputError) {
      outcome.inputErrors.push(entry);
      continue;
    }
    const r = results[i++]!;
    if ('file' in r) {
      outcome.files.push(r.file);
      continue;
    }
    const err = r.inputError;
    if (entry.fromFolder && err.notAGuide !== null) outcome.skipped.push(err);
    else outcome.inputErrors.push(err);
  }
  return outcome;
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
