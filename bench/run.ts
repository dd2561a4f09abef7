/**
 * `npm run bench:run [-- --tier standins|real|both]`: the same guide run by `docproof run` on the stand-ins and on
 * the real programs (../shared/real), in one process, BENCH_ITERATIONS times each (default 5): median and range of
 * the wall time of each tier and the ratio real / stand-ins; every run that did not pass (a flake, with its
 * failing step); and a scan of every run's artifacts for every secret of the run (the stack's token and admin
 * password, the test user's password, and the client secrets authentik made, read from its API during the run).
 * BENCH_GUIDE names another guide. Exit 1 when any run failed or left a secret, 2 when a tier cannot start.
 * `--authentik ui|api|both` passes that mode to every run (`both`: each tier in api mode, then in ui mode on the same
 * stack, and the ratio ui / api per tier; the stand-ins have no admin interface, so only api runs there).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv, parseArgs } from 'node:util';
import { findSecrets } from '../src/run/artifacts.js';
import { Masker } from '../src/stack/mask.js';
import { randomSecret } from '../src/stack/random.js';
import { realTierMissing, startRealStack } from '../tests/e2e/real.js';
import { launchStandins, writeEnvFile } from '../tests/standins/launch.js';
import { median } from './support.js';

const root = path.resolve(import.meta.dirname, '..');
const guide = process.env.BENCH_GUIDE ?? 'docs/integrations/portainer/index.md';
const iterations = Number(process.env.BENCH_ITERATIONS ?? 5);
const { tier, authentik } = parseArgs({ options: { tier: { type: 'string', default: 'both' }, authentik: { type: 'string' } } }).values;
if (authentik !== undefined && !['ui', 'api', 'both'].includes(authentik)) {
  process.stderr.write(`bench:run: --authentik must be ui, api or both\n`);
  process.exit(2);
}
/** The authentik modes each tier runs: undefined leaves the run's default. */
const modes = (standins: boolean): Array<'ui' | 'api' | undefined> =>
  authentik === 'both' ? (standins ? ['api'] : ['api', 'ui']) : authentik === 'ui' || authentik === 'api' ? [authentik] : [undefined];
if (!['standins', 'real', 'both'].includes(tier!)) {
  process.stderr.write(`bench:run: --tier must be standins, real or both\n`);
  process.exit(2);
}

interface Attempt {
  ms: number;
  code: number | null;
  failedStep: string | null;
  secretsLeft: number;
  /** 0 means the scan never learnt the client secret, and so proves less: counted as a failure. */
  clientSecretsSeen: number;
}

/** Client secrets authentik holds while a run goes on (they exist only between provisioning and cleanup). */
function watchClientSecrets(env: Record<string, string>): { stop: () => Promise<Set<string>> } {
  const seen = new Set<string>();
  let on = true;
  const loop = (async () => {
    while (on) {
      try {
        const r = await fetch(`${env.DOCPROOF_AUTHENTIK_URL}/api/v3/providers/oauth2/`, { headers: { authorization: `Bearer ${env.DOCPROOF_AUTHENTIK_TOKEN}` } });
        for (const p of ((await r.json()) as { results: { client_secret?: string }[] }).results) if (p.client_secret) seen.add(p.client_secret);
      } catch {
        // not up yet, or between runs
      }
      await new Promise((res) => setTimeout(res, 200));
    }
  })();
  return { stop: async () => ((on = false), await loop, seen) };
}

function runOnce(envFile: string, out: string, mode: 'ui' | 'api' | undefined): Promise<{ ms: number; code: number | null; stdout: string }> {
  const started = Date.now();
  const args = ['run', guide, '--stack', 'external', '--env-file', envFile, '--format', 'json', '--output', out, ...(mode ? ['--authentik', mode] : [])];
  const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ ms: Date.now() - started, code, stdout })));
}

async function measure(name: string, envFile: string, mode: 'ui' | 'api' | undefined): Promise<Attempt[]> {
  const env = parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>;
  const work = mkdtempSync(path.join(tmpdir(), `docproof-bench-${name}-`));
  // A named test user with a known password, so that the scan can look for it too.
  const password = randomSecret(20);
  const withUser = path.join(work, 'stack.env');
  writeFileSync(withUser, `${readFileSync(envFile, 'utf8')}\nDOCPROOF_TEST_USER=bench-${randomSecret(6).toLowerCase()}\nDOCPROOF_TEST_USER_PASSWORD=${password}\n`, { mode: 0o600 });
  const attempts: Attempt[] = [];
  try {
    for (let i = 0; i < iterations; i++) {
      const out = path.join(work, `run-${i}`);
      const watch = watchClientSecrets(env);
      const r = await runOnce(withUser, out, mode);
      const clientSecrets = await watch.stop();
      let failedStep: string | null = null;
      try {
        failedStep = (JSON.parse(r.stdout) as { tests: { failedStep: string | null }[] }).tests[0]?.failedStep ?? null;
      } catch {
        failedStep = '(no JSON output)';
      }
      const masker = new Masker([env.DOCPROOF_AUTHENTIK_TOKEN!, env.DOCPROOF_APP_ADMIN_PASSWORD!, password, ...clientSecrets]);
      const left = findSecrets(out, masker).length;
      attempts.push({ ms: r.ms, code: r.code, failedStep, secretsLeft: left, clientSecretsSeen: clientSecrets.size });
      process.stderr.write(`${name} ${i + 1}/${iterations}: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s${failedStep ? ` at "${failedStep}"` : ''}; client secrets seen ${clientSecrets.size}, artifacts with a secret ${left}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return attempts;
}

function summary(name: string, a: Attempt[]): string {
  const ms = a.map((x) => x.ms);
  const failed = a.filter((x) => x.code !== 0);
  return `${name}: median ${(median(ms) / 1000).toFixed(1)} s (min ${(Math.min(...ms) / 1000).toFixed(1)}, max ${(Math.max(...ms) / 1000).toFixed(1)}) over ${a.length} runs; ${failed.length} failed${
    failed.length ? ` (${failed.map((f) => `exit ${f.code} at "${f.failedStep}"`).join('; ')})` : ''
  }; artifacts with a secret: ${a.reduce((n, x) => n + x.secretsLeft, 0)} (runs whose client secret the scan could not learn: ${a.filter((x) => x.clientSecretsSeen === 0).length})`;
}

const results = new Map<string, Attempt[]>();
if (tier !== 'real') {
  const standins = await launchStandins();
  const dir = mkdtempSync(path.join(tmpdir(), 'docproof-bench-standins-'));
  const file = path.join(dir, 'standins.env');
  writeEnvFile(file, standins.env);
  try {
    for (const mode of modes(true)) results.set(`stand-ins (${standins.label})${mode ? ` --authentik ${mode}` : ''}`, await measure('standins', file, mode));
  } finally {
    await standins.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (tier !== 'standins') {
  const missing = realTierMissing();
  if (missing) {
    process.stderr.write(`bench:run: real tier: ${missing}\n`);
    process.exit(2);
  }
  const real = await startRealStack();
  process.stderr.write(`real tier up in ${real.upSeconds.toFixed(1)} s: ${real.label}\n`);
  try {
    for (const mode of modes(false)) results.set(`real (${real.label})${mode ? ` --authentik ${mode}` : ''}`, await measure(`real${mode ? `-${mode}` : ''}`, real.envFile, mode));
  } finally {
    await real.stop();
  }
}

process.stdout.write(`docproof run ${guide}, ${iterations} run(s) per tier\n`);
for (const [name, a] of results) process.stdout.write(`${summary(name, a)}\n`);
const medianOf = (key: string) => median(results.get(key)!.map((x) => x.ms));
if (authentik === 'both') {
  const api = [...results.keys()].find((k) => k.startsWith('real') && k.endsWith('--authentik api'));
  const ui = [...results.keys()].find((k) => k.startsWith('real') && k.endsWith('--authentik ui'));
  if (api && ui) process.stdout.write(`ratio real ui / real api (medians): ${(medianOf(ui) / medianOf(api)).toFixed(2)} (issue 12: at most 2)\n`);
} else {
  const [first, second] = [...results.values()];
  if (first && second) process.stdout.write(`ratio real / stand-ins (medians): ${(median(second.map((x) => x.ms)) / median(first.map((x) => x.ms))).toFixed(2)}\n`);
}
const bad = [...results.values()].flat().some((x) => x.code !== 0 || x.secretsLeft > 0 || x.clientSecretsSeen === 0);
process.exit(bad ? 1 : 0);
