/**
 * `docproof run`: guides → plans → one Playwright run (a child process of @playwright/test's own CLI, with the
 * configuration in src/run/playwright.config) → findings at the guides' lines.
 *
 * The parent checks the stack first (authentik answers, the application has its admin, which browser) and prints
 * that first; hands the plans and the stack to the runner in a 0600 file; forwards Ctrl-C to the runner so that
 * Playwright's teardown removes what the run created, then sweeps the journal for anything left, kills whatever is
 * left of the runner's process group, masks every artifact, and proves no secret is left in them.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { VFile } from 'vfile';
import { driverFor } from '../apps/index.js';
import { AuthentikApi, UnsupportedVersionError } from '../authentik/api.js';
import { chromiumExecutable } from '../browser.js';
import { report, UsageError } from '../findings.js';
import type { Plan } from '../plan/model.js';
import { otherSchemeOf, type Alternate } from '../plan/placeholders.js';
import { startForwarder, type Forwarder } from './forward.js';
import { Masker } from '../stack/mask.js';
import { serveAppControl } from '../stack/app-control.js';
import { stackSecrets } from '../stack/external.js';
import type { Stack } from '../stack/types.js';
import { findSecrets, maskArtifacts } from './artifacts.js';
import { firstLine } from './failures.js';
import { makeRunDir, RUN_FILE_ENV, writeRunInput, type AuthentikMode, type RunInput, type TraceMode } from './input.js';
import { readSecrets, secretsWhenGrown, sweep } from './journal.js';
import type { AttemptRecord, RunResults, TestRecord } from './results.js';
import { lineOfTitle } from '../plan/plan.js';

export interface GuideToRun {
  file: string;
  plan: Plan;
  /** The guide's text, so that reporters can show the lines. */
  text: string;
}

export interface RunEngineOptions {
  guides: GuideToRun[];
  stack: Stack;
  headed: boolean;
  trace: TraceMode;
  outputDir: string;
  retries: number;
  timeoutMs?: number;
  /** Progress (Playwright's list reporter, masked); defaults to stderr. */
  progress?: (text: string) => void;
  /** Called with the header lines as soon as they are known (before the run). */
  onHeader?: (lines: string[]) => void;
  /** `ui`, `api`, or undefined: `ui` wherever the authentik that answers has its admin interface. */
  authentik?: AuthentikMode;
}

export interface RunEngineResult {
  files: VFile[];
  header: string[];
  /** Infrastructure errors and interruptions: exit 2. */
  infra: string[];
  interrupted: boolean;
  results: RunResults | null;
  masker: Masker;
  durationMs: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.extname(fileURLToPath(import.meta.url));

export function browserVersion(): string {
  let exe = chromiumExecutable();
  if (!exe) {
    try {
      exe = chromium.executablePath();
    } catch {
      return 'Chromium (version unknown)';
    }
  }
  try {
    const out = execFileSync(exe, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const m = /(\d+\.\d+\.\d+\.\d+)/.exec(out);
    return m ? `Chromium ${m[1]}` : out.trim().split('\n')[0] ?? 'Chromium';
  } catch {
    return `Chromium (${exe})`;
  }
}

/** What the parent can learn before the run: versions, and that the instances answer at all. */
async function preflight(stack: Stack, appName: string): Promise<{ authentik: string; app: string; browser: string }> {
  const api = new AuthentikApi({ baseUrl: stack.authentik.url, token: stack.authentik.token });
  let authentik: string;
  try {
    await api.waitReady(30_000);
    authentik = (await api.server()).version;
  } catch (err) {
    if (err instanceof UnsupportedVersionError) throw new UsageError(err.message);
    throw new UsageError(`authentik at ${stack.authentik.url}: ${firstLine(err)}`);
  }
  const driver = driverFor(appName);
  if (!driver) throw new UsageError(`no application driver named "${appName}"`);
  let app: string;
  try {
    app = (await driver.bootstrap(stack)).version;
  } catch (err) {
    throw new UsageError(`${driver.displayName} at ${stack.app.url}: ${firstLine(err)}`);
  }
  stack.authentik.version = authentik;
  stack.app.version = app;
  return { authentik, app, browser: browserVersion() };
}

/**
 * Whether the authentik that answers serves its admin interface (`GET /if/admin/` answers with the interface's
 * page). The stand-ins have none.
 */
export async function hasAdminInterface(authentikUrl: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/if/admin/', authentikUrl), { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return false;
    return /ak-interface-admin/i.test(await res.text());
  } catch {
    return false;
  }
}

async function chooseAuthentikMode(stack: Stack, asked: AuthentikMode | undefined): Promise<AuthentikMode> {
  if (asked === 'api') return 'api';
  const ui = await hasAdminInterface(stack.authentik.url);
  if (asked === 'ui' && !ui) {
    throw new UsageError(`--authentik ui: authentik at ${stack.authentik.url} serves no admin interface (GET /if/admin/); use --authentik api`);
  }
  return asked ?? (ui ? 'ui' : 'api');
}

/** The header line every report carries: how the guide's authentik half was performed. */
export function authentikModeLine(mode: AuthentikMode, plans: Plan[]): string {
  if (mode === 'api') return 'authentik steps: api (provider and application created through authentik\'s API from the guide\'s values)';
  const without = plans.filter((p) => p.authentikUi.length === 0).map((p) => p.file);
  return `authentik steps: ui (performed as written in authentik's admin interface, then read back through the API)${
    without.length ? `; api for ${without.join(', ')} (no authentik steps to walk)` : ''
  }`;
}

export function mappingLines(plans: Plan[], stack: Stack, alternates: Alternate[]): string[] {
  const lines = new Set<string>();
  for (const plan of plans) {
    for (const p of plan.placeholders) {
      const base = p.target === 'authentik' ? stack.authentik.url : stack.app.url;
      lines.add(`${p.scheme ?? 'https'}://${p.host} → ${base}`);
      const alt = alternates.find((a) => a.host === p.host && a.scheme !== (p.scheme ?? 'https'));
      if (alt) lines.add(`${alt.scheme}://${p.host} → ${alt.url} (a second address of the same service, forwarded to ${base}: the guide writes both schemes)`);
    }
    const provision = plan.steps.find((s) => s.kind === 'provision');
    if (provision?.kind === 'provision') lines.add(`<application_slug> → ${provision.spec.slug}`);
    // URLs of the guide on hosts it never introduces stay as written: say so, with the line.
    const values = [
      ...(provision?.kind === 'provision' ? provision.spec.redirectUris.map((u, i) => ({ value: u.url, line: provision.redirectLines[i] })) : []),
      ...plan.steps.flatMap((s) => ((s.kind === 'fill' || s.kind === 'configure') && s.value !== null && !s.secret ? [{ value: s.value, line: s.lines[0] }] : [])),
    ];
    for (const { value, line } of values) {
      for (const m of value.matchAll(/\bhttps?:\/\/([a-z0-9.-]+)(?::\d+)?/gi)) {
        if (plan.placeholders.some((p) => p.host === m[1]!.toLowerCase())) continue;
        lines.add(`${m[0]} → not mapped (guide:${line ?? '?'}: a host the guide never introduces, used as written; the run does not follow it)`);
      }
    }
  }
  return [...lines];
}

/**
 * One forwarder per placeholder host the guides write with both schemes (see src/run/forward.ts): the second
 * scheme's address. Started before the header, so that the header says what each URL becomes.
 */
export async function startAlternates(plans: Plan[], stack: Stack): Promise<{ alternates: Alternate[]; forwarders: Forwarder[] }> {
  const alternates: Alternate[] = [];
  const forwarders: Forwarder[] = [];
  try {
    for (const plan of plans) {
      for (const p of plan.placeholders) {
        if (!p.otherScheme) continue;
        const scheme = otherSchemeOf(p.scheme ?? 'https');
        if (alternates.some((a) => a.host === p.host && a.scheme === scheme)) continue;
        const f = await startForwarder(p.target === 'authentik' ? stack.authentik.url : stack.app.url);
        forwarders.push(f);
        alternates.push({ host: p.host, scheme, url: f.url });
      }
    }
  } catch (err) {
    await Promise.all(forwarders.map((f) => f.close()));
    throw new UsageError(`cannot start a second address on loopback for a placeholder host: ${firstLine(err)}`);
  }
  return { alternates, forwarders };
}

/** Findings of one guide from its test record. */
function addFindings(file: VFile, record: TestRecord | undefined, infra: string[]): void {
  if (!record) {
    infra.push(`${file.path}: the run produced no result (the runner stopped before this guide)`);
    return;
  }
  const last = record.attempts.at(-1) as AttemptRecord;
  if (record.outcome === 'flaky') {
    for (const a of record.attempts.filter((x) => x.status !== 'passed')) {
      const first = a.findings[0];
      report(file, {
        ruleId: 'run-flaky',
        severity: 'warning',
        line: first?.line ?? lineOfTitle(a.failedStep),
        message: `flaky: attempt ${a.retry + 1} failed at "${a.failedStep ?? 'an unknown step'}" (${first?.message ?? a.error ?? a.status}) and a retry passed`,
        hint: 'a step that only sometimes works is a problem for readers too: find out why it failed',
      });
    }
    return;
  }
  if (record.outcome === 'expected') {
    // A passing run's findings are what did not stop it (info, warnings).
    for (const f of last.findings) reportRunFinding(file, f);
    return;
  }
  if (record.outcome !== 'unexpected') return;
  if (last.infra.length) {
    infra.push(...last.infra.map((m) => `${file.path}: ${m}`));
    return;
  }
  if (last.status === 'interrupted') {
    infra.push(`${file.path}: interrupted${last.failedStep ? ` during "${last.failedStep}"` : ''}`);
    return;
  }
  if (last.findings.length === 0) {
    report(file, {
      ruleId: last.status === 'timedOut' ? 'run-timeout' : 'run-step-failed',
      line: lineOfTitle(last.failedStep),
      message: `${last.failedStep ?? 'the run'} failed: ${last.error ?? last.status}`,
    });
    return;
  }
  for (const f of last.findings) reportRunFinding(file, f);
}

function reportRunFinding(file: VFile, f: AttemptRecord['findings'][number]): void {
  const evidence = { ...(f.evidence ?? {}), ...(f.step ? { step: f.step } : {}) };
  report(file, {
    ruleId: f.ruleId,
    line: f.line,
    message: f.message,
    severity: f.severity ?? 'error',
    ...(f.hint ? { hint: f.hint } : {}),
    evidence,
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export async function runEngine(opts: RunEngineOptions): Promise<RunEngineResult> {
  const started = Date.now();
  const { stack } = opts;
  const masker = new Masker(stackSecrets(stack));
  const appNames = [...new Set(opts.guides.map((g) => g.plan.app.name))];
  if (appNames.some((n) => n !== stack.app.name)) {
    throw new UsageError(`the stack runs ${stack.app.name}, but the guides need ${appNames.join(', ')}`);
  }

  const versions = await preflight(stack, stack.app.name);
  const authentikMode = await chooseAuthentikMode(stack, opts.authentik);
  const appDisplay = opts.guides[0]?.plan.app.displayName ?? stack.app.name;
  const plans = opts.guides.map((g) => g.plan);
  const { alternates, forwarders } = await startAlternates(plans, stack);
  // The runner's workers set the application's environment through this process's stack (compose).
  const control = stack.app.recreateWithEnv && stack.app.logsSince && !stack.app.control
    ? await serveAppControl({ recreateWithEnv: stack.app.recreateWithEnv, logsSince: stack.app.logsSince })
    : null;
  if (control) masker.add(control.control.token);
  try {
    const header = [
      masker.mask(`stack: ${stack.label} · authentik ${versions.authentik} · ${appDisplay} ${versions.app} · browser ${versions.browser}`),
      authentikModeLine(authentikMode, plans),
      ...mappingLines(plans, stack, alternates).map((l) => `mapped: ${l}`),
    ];
    opts.onHeader?.(header);
    const runStack = control ? { ...stack, app: { ...stack.app, control: control.control } } : stack;
    return await runPlaywright({ ...opts, stack: runStack, authentik: authentikMode }, header, alternates, masker, started);
  } finally {
    await Promise.all(forwarders.map((f) => f.close()));
    await control?.close();
  }
}

async function runPlaywright(
  opts: RunEngineOptions,
  header: string[],
  alternates: Alternate[],
  masker: Masker,
  started: number,
): Promise<RunEngineResult> {
  const { stack } = opts;
  const progress = opts.progress ?? ((t: string) => process.stderr.write(t));

  const outputDir = path.resolve(opts.outputDir);
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  const runDir = makeRunDir();
  const input: RunInput = {
    stack: { kind: stack.kind, label: stack.label, authentik: stack.authentik, app: stack.app, testUser: stack.testUser },
    guides: opts.guides.map((g) => ({ file: g.file, plan: g.plan })),
    alternates,
    resultFile: path.join(runDir, 'results.json'),
    journalFile: path.join(runDir, 'journal.jsonl'),
    secretsFile: path.join(runDir, 'secrets.jsonl'),
    outputDir,
    headed: opts.headed,
    trace: opts.trace,
    retries: opts.retries,
    timeoutMs: opts.timeoutMs ?? 120_000,
    authentik: opts.authentik ?? 'api',
  };
  const runFile = writeRunInput(runDir, input);
  const infra: string[] = [];
  let interrupted = false;
  try {
    const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
    const config = path.join(here, `playwright.config${ext}`);
    const child = spawn(process.execPath, [cli, 'test', '--config', config], {
      env: { ...process.env, [RUN_FILE_ENV]: runFile, FORCE_COLOR: '0', PLAYWRIGHT_HTML_OPEN: 'never', PW_TEST_HTML_REPORT_OPEN: 'never' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C reaches only us, we forward it, and we can reap the whole group afterwards.
      detached: true,
    });
    // The worker hands over the secrets it learns (the client secret) before it can print anything with them.
    const learnt = secretsWhenGrown(input.secretsFile);
    const relay = (chunk: Buffer) => progress(masker.add(...learnt()).mask(chunk.toString('utf8')));
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    const onSignal = (sig: NodeJS.Signals) => {
      if (interrupted) {
        killGroup(child.pid, 'SIGKILL');
        return;
      }
      interrupted = true;
      progress(`docproof: ${sig}: stopping the run and cleaning up (again to force)\n`);
      killGroup(child.pid, 'SIGINT');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const code = await new Promise<number | null>((resolve) => {
      child.on('error', (err) => {
        infra.push(`cannot start the Playwright runner: ${err.message}`);
        resolve(null);
      });
      child.on('close', (c) => resolve(c));
    });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    killGroup(child.pid, 'SIGKILL');
    if (code !== 0 && code !== 1 && !interrupted && !existsSync(input.resultFile)) {
      infra.push(`the Playwright runner exited with code ${code} without results`);
    }

    try {
      const removed = await sweep(input.journalFile, stack.authentik);
      if (removed.length) progress(`docproof: removed what the run left in authentik: ${removed.join(', ')}\n`);
    } catch (err) {
      infra.push(`authentik cleanup failed: ${masker.mask(firstLine(err))}`);
    }

    const results: RunResults | null = existsSync(input.resultFile)
      ? (JSON.parse(readFileSync(input.resultFile, 'utf8')) as RunResults)
      : null;
    if (results?.status === 'interrupted') interrupted = true;

    const files = opts.guides.map((g) => new VFile({ path: g.file, value: g.text }));
    if (results) {
      for (const [i, g] of opts.guides.entries()) addFindings(files[i]!, results.tests.find((t) => t.file === g.file), infra);
    }
    if (interrupted) infra.unshift('interrupted: the run was stopped before it finished');

    // Every artifact: masked, then proven clean.
    masker.add(...readSecrets(input.secretsFile));
    maskArtifacts(outputDir, masker);
    const left = findSecrets(outputDir, masker);
    if (left.length) infra.push(`a secret is still in ${left.length} artifact(s), e.g. ${path.relative(process.cwd(), left[0]!)}`);

    return { files, header, infra: infra.map((m) => masker.mask(m)), interrupted, results, masker, durationMs: Date.now() - started };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
