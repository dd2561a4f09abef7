/**
 * `docproof run` end to end, black box through the CLI with `--format json`, against the suite's stack.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { expect, test } from '@playwright/test';
import { findSecrets, walkFiles } from '../../src/run/artifacts.js';
import { Masker } from '../../src/stack/mask.js';
import { describeFindings, docproof, type CliResult, type JsonFinding, type RunJson } from './cli.js';
import { E2E_ENV_FILE, E2E_STACK_LABEL } from './stack.js';
import { recordVerdict, writeVerdicts } from './verdicts.js';

test.describe.configure({ mode: 'serial' });

const AS_GIVEN = 'tests/fixtures/portainer-as-given.md';
const CORRECTED = 'docs/integrations/portainer/index.md';
const work = mkdtempSync(path.join(tmpdir(), 'docproof-e2e-run-'));

let stackEnvRead: Record<string, string> | null = null;
/** The suite's stack env file, read once (the authentik poll below asks for it every 150 ms). */
function stackEnv(): Record<string, string> {
  stackEnvRead ??= parseEnv(readFileSync(process.env[E2E_ENV_FILE]!, 'utf8')) as Record<string, string>;
  return stackEnvRead;
}

async function run(guide: string, extra: string[] = [], opts: Parameters<typeof docproof>[1] = {}): Promise<CliResult & { findings: JsonFinding[]; json: RunJson | null }> {
  const out = path.join(work, path.basename(guide, '.md') + '-' + randomUUID().slice(0, 6));
  const r = await docproof(['run', guide, '--stack', 'external', '--env-file', process.env[E2E_ENV_FILE]!, '--format', 'json', '--output', out, ...extra], opts);
  let json: RunJson | null = null;
  try {
    json = JSON.parse(r.stdout) as RunJson;
  } catch {
    // asserted by the callers through `code`
  }
  return { ...r, json, findings: json?.findings ?? [] };
}

test.afterAll(() => writeVerdicts(process.env[E2E_STACK_LABEL]!, 'run'));

function errors(findings: JsonFinding[]): JsonFinding[] {
  return findings.filter((f) => f.severity === 'error');
}

/** Processes whose environment carries `mark`: everything a run started inherits it (runner, workers, browser). */
function processesMarked(mark: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(mark)) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').slice(0, 120)}`);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function authentikList(p: string): Promise<Record<string, unknown>[]> {
  const env = stackEnv();
  const r = await fetch(`${env.DOCPROOF_AUTHENTIK_URL}/api/v3/${p}`, { headers: { authorization: `Bearer ${env.DOCPROOF_AUTHENTIK_TOKEN}` } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { results: Record<string, unknown>[] }).results;
}

test('the Portainer guide as given fails: in authentik\'s admin interface at its "Create with Provider" button, else at its Portainer steps (it never enables automatic user provisioning)', async () => {
  const r = await run(AS_GIVEN);
  const ui = r.json?.header.some((l) => l.startsWith('authentik steps: ui')) ?? false;
  recordVerdict(`the guide as given [authentik ${ui ? 'ui' : 'api'}]`, r);
  expect(r.code, r.stderr).toBe(1);
  const f = errors(r.findings);
  if (ui) {
    // Where authentik serves its admin interface the run walks the guide's authentik steps there (tests/e2e/authentik-ui.spec.ts).
    expect(f.map((x) => `${x.line} ${x.ruleId}`), describeFindings(f)).toEqual(['35 run-authentik-ui']);
    return;
  }
  expect(f.map((x) => `${x.line} ${x.ruleId}`), describeFindings(f)).toEqual(['49 run-user-not-provisioned']);
  expect(JSON.stringify(f[0])).toContain('Account not created beforehand in Portainer and automatic user provisioning not enabled');
  expect(JSON.stringify(f[0])).toMatch(/enable automatic user provisioning in the guide's Portainer steps/i);
});

test('the corrected guide passes: a user who did not exist in Portainer signs in, and out again; nothing secret is left anywhere', async () => {
  const env = stackEnv();
  const password = `pw-${randomUUID()}`;
  const username = `e2e-${randomUUID().slice(0, 8)}`;
  const envFile = path.join(work, 'with-user.env');
  writeFileSync(envFile, `${readFileSync(process.env[E2E_ENV_FILE]!, 'utf8')}\nDOCPROOF_TEST_USER=${username}\nDOCPROOF_TEST_USER_PASSWORD=${password}\n`, { mode: 0o600 });
  // The client secret is made by authentik during the run: read it from authentik's API while the run goes on.
  const clientSecrets = new Set<string>();
  let polling = true;
  const poll = (async () => {
    while (polling) {
      for (const p of await authentikList('providers/oauth2/').catch(() => [])) if (typeof p.client_secret === 'string') clientSecrets.add(p.client_secret);
      await new Promise((res) => setTimeout(res, 150));
    }
  })();
  const out = path.join(work, 'corrected');
  const mark = randomUUID();
  const r = await docproof(
    ['run', CORRECTED, '--stack', 'external', '--env-file', envFile, '--format', 'json', '--output', out, '--trace', 'on'],
    { env: { DOCPROOF_E2E_MARK: mark } },
  );
  polling = false;
  await poll;
  recordVerdict('the corrected guide', r);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(errors((JSON.parse(r.stdout) as RunJson).findings).map((f) => describeFindings([f]))).toEqual([]);
  // The report names the stack that ran, with the authentik version that answered.
  const header = (JSON.parse(r.stdout) as { header: string[] }).header.join('\n');
  expect(header).toContain(`stack: ${process.env[E2E_STACK_LABEL]}`);
  expect(header).toMatch(/ · authentik 20\d\d\.\d+\.\d+/);
  test.info().annotations.push({ type: 'run time (start-up included)', description: `${(r.ms / 1000).toFixed(1)} s` });
  // Which way the authentik half was performed is said in the report; in ui mode the client secret the scan looks
  // for is the one the admin interface showed, and the run itself fails (exit 2) if the admin password it typed in
  // is left in an artifact (the engine scans for every secret the worker learnt).
  expect(header).toMatch(/^authentik steps: (ui|api) /m);

  // Secrets: the stack's token and admin password, the test user's password, the client secret authentik made.
  expect(clientSecrets.size).toBeGreaterThan(0);
  const masker = new Masker([env.DOCPROOF_AUTHENTIK_TOKEN, env.DOCPROOF_APP_ADMIN_PASSWORD, password, ...clientSecrets]);
  const files = [...walkFiles(out)];
  const traces = files.filter((f) => f.endsWith('trace.zip'));
  expect(traces.length).toBeGreaterThan(0);
  expect(files.some((f) => f.endsWith(path.join('html-report', 'index.html')))).toBe(true);
  expect(files.some((f) => f.endsWith('results.json')) && files.some((f) => f.endsWith('results.xml'))).toBe(true);
  const traceBytes = traces.reduce((n, f) => n + statSync(f).size, 0);
  test.info().annotations.push({ type: 'trace size', description: `${(traceBytes / 1024).toFixed(0)} KiB in ${traces.length} file(s)` });
  expect(findSecrets(out, masker)).toEqual([]);
  expect(masker.foundIn(r.stdout) || masker.foundIn(r.stderr)).toBe(false);
  // The browser did sign the user in: the Portainer user exists no more (cleanup), authentik has nothing left.
  expect(processesMarked(mark)).toEqual([]);
  expect(await authentikList('core/applications/')).toEqual([]);
  expect(await authentikList('providers/oauth2/')).toEqual([]);
});

const BROKEN: [string, string, number[], string][] = [
  ['a wrong token path', 'wrong-token-path.md', [58], 'run-token-endpoint'],
  ['commas in the scopes', 'scopes-commas.md', [63], 'run-scopes'],
  ['a redirect URL without its trailing slash', 'redirect-no-slash.md', [38, 60], 'run-redirect-uri'],
  ['username as user identifier', 'identifier-username.md', [62], 'run-user-identifier'],
  ['the Client Secret set to the client ID', 'secret-ref-client-id.md', [56], 'run-client-credentials'],
  // The run creates the slug a reader creates (the wizard's "portainer"), and uses every URL as written.
  ['another slug in the Logout URL', 'logout-slug-other.md', [61], 'run-logout'],
  ['a slug-like path as Resource URL', 'resource-url-user.md', [59], 'run-userinfo-endpoint'],
  // http and https of one host are two URLs on the stack too, as for a reader: authentik's strict match fails.
  ['the Redirect URL on http where authentik registers https', 'redirect-http.md', [38, 60], 'run-redirect-uri'],
  // A host the guide never introduces is not followed: the run fails at once, at the URL's line.
  ['the Authorization URL on a host the guide never introduces', 'authorize-other-host.md', [57], 'run-authorization-endpoint'],
];

for (const [what, file, lines, ruleId] of BROKEN) {
  test(`a copy with ${what} fails at line ${lines.join(' and ')}`, async () => {
    const r = await run(`tests/fixtures/run/${file}`);
    recordVerdict(`a copy with ${what}`, r);
    expect(r.code, r.stderr).toBe(1);
    const f = errors(r.findings);
    expect(f.map((x) => x.line).sort((a, b) => (a ?? 0) - (b ?? 0)), describeFindings(f)).toEqual(lines);
    expect(new Set(f.map((x) => x.ruleId))).toEqual(new Set([ruleId]));
    test.info().annotations.push({ type: 'run time (start-up included)', description: `${(r.ms / 1000).toFixed(1)} s` });
  });
}

test('a Post Logout redirect URI is registered where authentik has redirect URI types (2026.5+) and said to be skipped, at its line, where it has not', async () => {
  const r = await run('tests/fixtures/run/post-logout-uri.md');
  recordVerdict('a guide with a Post Logout redirect URI', r);
  expect(r.code, r.stderr).toBe(0);
  const version = /· authentik (\d{4})\.(\d+)\./.exec(r.json?.header.join('\n') ?? '');
  expect(version, r.stdout).not.toBeNull();
  const typed = Number(version![1]) * 100 + Number(version![2]) >= 202605;
  const skew = r.findings.filter((f) => f.ruleId === 'run-version-skew');
  if (typed) expect(skew).toEqual([]);
  else {
    expect(skew.map((f) => `${f.line} ${f.severity}`)).toEqual(['39 info']);
    expect(skew[0]!.message).toMatch(/has no Post Logout redirect URIs \(added in 2026\.5\): "http[^"]+" was not registered/);
  }
});

test('an interrupted run leaves nothing running and nothing in authentik', async () => {
  const mark = randomUUID();
  let sent = false;
  const r = await run(CORRECTED, [], {
    env: { DOCPROOF_E2E_MARK: mark },
    // Interrupt once authentik has the provider and Portainer's form is being filled.
    onOutput: (child, stderr) => {
      if (!sent && /fill Client ID/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
  });
  expect(sent).toBe(true);
  recordVerdict('an interrupted run', r);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/interrupted/);
  expect(processesMarked(mark)).toEqual([]);
  expect(await authentikList('core/applications/')).toEqual([]);
  expect(await authentikList('providers/oauth2/')).toEqual([]);
  expect((await authentikList('core/users/')).filter((u) => String(u.username).startsWith('docproof-'))).toEqual([]);
});
