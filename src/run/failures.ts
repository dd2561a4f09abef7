/**
 * How a step fails. A StepFailed carries findings about the guide (exit 1); an InfraError says the instances or
 * the browser let us down (exit 2). Both travel from the worker to our reporter as test annotations, masked.
 */
import type { Severity } from '../findings.js';

export interface RunFinding {
  ruleId: string;
  message: string;
  line: number | null;
  severity?: Severity;
  hint?: string;
  evidence?: Record<string, string>;
}

export class StepFailed extends Error {
  override name = 'StepFailed';
  constructor(readonly findings: RunFinding[]) {
    super(findings.map((f) => `${f.line ? `guide:${f.line} ` : ''}${f.message}`).join('; '));
  }
}

export class InfraError extends Error {
  override name = 'InfraError';
}

export const ANNOTATION = {
  finding: 'docproof-finding',
  infra: 'docproof-infra',
  versions: 'docproof-versions',
  mapped: 'docproof-mapped',
} as const;

/** The first line of an error's message, for evidence. */
export function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Playwright errors carry ANSI colours and a call log after the first line.
  return (msg.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0] ?? '').trim();
}

/** A URL for evidence: authorization codes and state values replaced (short-lived, but credentials all the same). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const k of ['code', 'state', 'id_token', 'access_token', 'token']) if (u.searchParams.has(k)) u.searchParams.set(k, '***');
    return u.href;
  } catch {
    return url;
  }
}
