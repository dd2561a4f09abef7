/** What our Playwright reporter hands back to `docproof run` (written to RunInput.resultFile). */
import type { RunFinding } from './failures.js';

export interface StepRecord {
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  error: string | null;
}

export interface AttemptRecord {
  retry: number;
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  durationMs: number;
  failedStep: string | null;
  error: string | null;
  findings: (RunFinding & { step?: string })[];
  infra: string[];
  steps: StepRecord[];
  versions: { authentik: string | null; app: string | null; browser: string | null } | null;
  mapped: string[];
}

export interface TestRecord {
  file: string;
  outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  attempts: AttemptRecord[];
}

export interface RunResults {
  status: 'passed' | 'failed' | 'timedout' | 'interrupted';
  durationMs: number;
  tests: TestRecord[];
}
