/**
 * What `docproof run` hands the Playwright runner it spawns: the plans, the stack (with its secrets) and the run's
 * options, in a JSON file readable only by this user (0600, in a 0700 temp folder), named by DOCPROOF_RUN_FILE.
 * Secrets never go on a command line or into the child's environment.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Plan } from '../plan/model.js';
import type { Alternate } from '../plan/placeholders.js';
import type { Stack } from '../stack/types.js';

export const RUN_FILE_ENV = 'DOCPROOF_RUN_FILE';

export type TraceMode = 'on' | 'off' | 'retain-on-failure';

export interface RunInput {
  stack: Omit<Stack, 'stop'>;
  guides: { file: string; plan: Plan }[];
  /** Second addresses of the stack's services, for placeholder hosts a guide writes with both schemes. */
  alternates: Alternate[];
  /** Where the reporter writes the results (RunResults). */
  resultFile: string;
  /** Where the worker records what it created in authentik, for the sweep after an interrupted run. */
  journalFile: string;
  /** Where the worker adds the secrets it learns during the run (the client secret), one per line, for the parent's masker. */
  secretsFile: string;
  outputDir: string;
  headed: boolean;
  trace: TraceMode;
  retries: number;
  /** Per-test timeout. */
  timeoutMs: number;
  /**
   * How the guide's authentik half is performed: `ui` walks plan.authentikUi in authentik's admin interface in
   * place of the provision step; `api` provisions through the API (also for a guide whose authentikUi is empty).
   */
  authentik?: AuthentikMode;
}

export type AuthentikMode = 'ui' | 'api';

export function makeRunDir(): string {
  // mkdtemp creates the folder with mode 0700.
  return mkdtempSync(path.join(tmpdir(), 'docproof-run-'));
}

export function writeRunInput(dir: string, input: RunInput): string {
  const file = path.join(dir, 'run.json');
  writeFileSync(file, JSON.stringify(input), { mode: 0o600 });
  return file;
}

export function readRunInput(env: NodeJS.ProcessEnv = process.env): RunInput {
  const file = env[RUN_FILE_ENV];
  if (!file) throw new Error(`${RUN_FILE_ENV} is not set: this file is run by docproof run, not directly`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunInput;
}
