/**
 * The rule helper, in the shape of remark-lint's `lintRule`: a rule has a stable id, an origin
 * (`docproof:<id>`), a documentation URL (`docs/rules.md#<id>`) and a default severity; its check reads the
 * Guide model and reports findings at the guide's own lines. The severity and options can be changed per run
 * (`off`, `error`, `warning`, `info`, or `[severity, options]`), as in remark-lint's presets.
 */
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { DOCS_BASE, report, type FindingInput, type Severity } from '../findings.js';
import type { Guide } from '../guide/model.js';

const lineMemo = new WeakMap<VFile, string[]>();

/** The guide's text as lines, split once per file for all the rules that place findings in it. */
export function linesOf(file: VFile): readonly string[] {
  let lines = lineMemo.get(file);
  if (!lines) {
    lines = String(file.value).split(/\r?\n/);
    lineMemo.set(file, lines);
  }
  return lines;
}

export interface RuleMeta {
  /** Stable id, kebab-case; the anchor of the rule's section in docs/rules.md. */
  id: string;
  /** Severity of its findings unless a finding or the configuration says otherwise. */
  severity: Severity;
  /** One line: what the rule checks. */
  doc: string;
}

/** What a rule may ask of the world outside the guide (the file system, the network). */
export interface LintEnv {
  /** Whether a file or folder exists (relative links and images). */
  exists(absPath: string): Promise<boolean>;
  /** Checks absolute links online; absent unless `--check-links` was given. */
  checkUrl?: (url: string) => Promise<UrlCheck>;
}

export type UrlCheck = { ok: true; status: number } | { ok: false; status: number | null; reason: string };

export interface RuleContext<Options> {
  guide: Guide;
  file: VFile;
  options: Options;
  env: LintEnv;
  /** Adds a finding for this rule; `severity` overrides the rule's for this one finding. */
  report(finding: Omit<FindingInput, 'ruleId'>): VFileMessage;
}

export interface Rule<Options = Record<string, unknown>> extends RuleMeta {
  origin: `docproof:${string}`;
  url: string;
  defaults: Options;
  check(ctx: RuleContext<Options>): void | Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different option types
export type AnyRule = Rule<any>;

export function createRule<Options extends object = Record<string, never>>(
  meta: RuleMeta & { defaults?: Options },
  check: (ctx: RuleContext<Options>) => void | Promise<void>,
): Rule<Options> {
  return {
    id: meta.id,
    severity: meta.severity,
    doc: meta.doc,
    origin: `docproof:${meta.id}`,
    url: `${DOCS_BASE}#${meta.id}`,
    defaults: (meta.defaults ?? {}) as Options,
    check,
  };
}

/** A rule's setting in a configuration: off, a severity, or a severity with options. */
export type RuleSetting = 'off' | Severity | [Severity | 'off', Record<string, unknown>?];

/** Runs one rule over one guide. `severity` is the configured severity (the rule's own when not configured). */
export async function runRule<O>(
  rule: Rule<O>,
  guide: Guide,
  file: VFile,
  env: LintEnv,
  setting?: { severity: Severity; options?: Partial<O> },
): Promise<void> {
  const configured = setting?.severity;
  const options = { ...rule.defaults, ...(setting?.options ?? {}) } as O;
  await rule.check({
    guide,
    file,
    options,
    env,
    report(finding) {
      // A configured severity wins over the rule's default; a finding that sets its own severity keeps it,
      // unless the configuration changed the rule's severity (then every finding of the rule takes it).
      const severity = configured && configured !== rule.severity ? configured : (finding.severity ?? rule.severity);
      return report(file, { ...finding, ruleId: rule.id, severity });
    },
  });
}
