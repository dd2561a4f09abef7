/**
 * One finding type for every stage: a vfile `VFileMessage` with place, `ruleId`, `source` ("docproof"),
 * severity and a hint. Lint rules, plan errors and run failures all become these, so every reporter
 * serves them alike, and every finding points at a line of the guide.
 */
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

export type Severity = 'error' | 'warning' | 'info';

export interface FindingInput {
  ruleId: string;
  message: string;
  line?: number | null;
  column?: number | null;
  severity?: Severity;
  /** How to fix it, one sentence. */
  hint?: string;
  /** Evidence: the application's own message, a screenshot path, what was expected. */
  evidence?: Record<string, string>;
}

export const DOCS_BASE = 'https://github.com/docproof/docproof/blob/main/docs/rules.md';
/** Findings of `docproof run` (rule ids `run-*`) are documented apart from the lint rules. */
export const RUN_DOCS_BASE = 'https://github.com/docproof/docproof/blob/main/docs/run-findings.md';

/** Adds a finding to `file` and returns it. */
export function report(file: VFile, input: FindingInput): VFileMessage {
  const place = input.line ? { line: input.line, column: input.column ?? 1 } : undefined;
  const msg = file.message(input.message, {
    place,
    ruleId: input.ruleId,
    source: 'docproof',
  });
  const severity = input.severity ?? 'error';
  msg.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined;
  msg.url = `${input.ruleId.startsWith('run-') ? RUN_DOCS_BASE : DOCS_BASE}#${input.ruleId}`;
  if (input.hint) msg.note = input.hint;
  if (input.evidence) (msg as VFileMessage & { evidence?: Record<string, string> }).evidence = input.evidence;
  return msg;
}

export function severityOf(msg: VFileMessage): Severity {
  return msg.fatal === true ? 'error' : msg.fatal === false ? 'warning' : 'info';
}

export function countBySeverity(files: VFile[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of files) for (const m of f.messages) counts[severityOf(m)]++;
  return counts;
}

/** A usage or input error that ends the command with exit 2 and one line. */
export class UsageError extends Error {
  override name = 'UsageError';
}
