/**
 * Our Playwright reporter: collects, per guide and per attempt, the steps, the failing step, and the findings and
 * infrastructure errors the worker attached, and writes them to the run's result file for `docproof run` to turn
 * into findings. Everything it writes was masked in the worker; errors are masked again here to be sure.
 */
import { writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { Masker } from '../stack/mask.js';
import { stackSecrets } from '../stack/external.js';
import { ANNOTATION } from './failures.js';
import { readRunInput, type RunInput } from './input.js';
import type { AttemptRecord, RunResults, StepRecord, TestRecord } from './results.js';

function parse<T>(text: string | undefined, fallback: T): T {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export default class DocproofReporter implements Reporter {
  readonly #input: RunInput = readRunInput();
  readonly #masker = new Masker(stackSecrets(this.#input.stack));
  readonly #tests = new Map<TestCase, TestRecord>();
  readonly #steps = new Map<TestResult, StepRecord[]>();

  printsToStdio(): boolean {
    return false;
  }

  onStepEnd(_test: TestCase, result: TestResult, step: TestStep): void {
    if (step.category !== 'test.step') return;
    const list = this.#steps.get(result) ?? [];
    list.push({
      title: step.title,
      status: step.error ? 'failed' : 'passed',
      durationMs: step.duration,
      error: step.error?.message ? this.#masker.mask(step.error.message) : null,
    });
    this.#steps.set(result, list);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const record = this.#tests.get(test) ?? { file: test.title, outcome: 'expected', attempts: [] };
    const annotations = result.annotations ?? test.annotations;
    const of = (type: string) => annotations.filter((a) => a.type === type).map((a) => a.description ?? '');
    const steps = this.#steps.get(result) ?? [];
    const attempt: AttemptRecord = {
      retry: result.retry,
      status: result.status,
      durationMs: result.duration,
      failedStep: steps.find((s) => s.status === 'failed')?.title ?? null,
      error: result.error?.message ? this.#masker.mask(result.error.message.split('\n')[0] ?? '') : null,
      findings: of(ANNOTATION.finding).map((d) => parse(d, null)).filter((f): f is NonNullable<typeof f> => f !== null),
      infra: of(ANNOTATION.infra),
      steps,
      versions: parse(of(ANNOTATION.versions).at(-1), null),
      mapped: parse(of(ANNOTATION.mapped).at(-1), []),
    };
    record.attempts.push(attempt);
    record.outcome = test.outcome();
    this.#tests.set(test, record);
  }

  onEnd(result: FullResult): void {
    const out: RunResults = { status: result.status, durationMs: result.duration, tests: [...this.#tests.values()] };
    writeFileSync(this.#input.resultFile, this.#masker.mask(JSON.stringify(out)), { mode: 0o600 });
  }
}
