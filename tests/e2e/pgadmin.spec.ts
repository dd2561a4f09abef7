/**
 * `docproof run` end to end on pgAdmin 4, whose guide configures it through config_local.py or, for containers, the
 * same as PGADMIN_CONFIG_* environment variables. On the stand-in and real tiers: the suite's authentik with the real
 * pgAdmin from PyPI (tests/support/pgadmin.ts), reached as an external application: the env file gains
 * DOCPROOF_APP=pgadmin, its URL, admin, config file, restart command and log; the run applies the file form. On
 * compose: the stack's own pgAdmin container (tests/e2e/stack.ts names its env file), which each run recreates with
 * the guide's variables through the stack's app control: the env form, whose keys all sit on the guide's one line of
 * PGADMIN_CONFIG_OAUTH2_CONFIG, so a scenario's lines there are that line's (its verdicts are compared as the
 * "[env form]" variant, among the stacks that ran that form).
 * The guide as authentik publishes it (tests/fixtures/pgadmin-as-given.md, a copy of the corpus guide) and broken
 * copies of it (tests/fixtures/run/pgadmin/), each failing at the line that is wrong.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { expect, test } from '@playwright/test';
import { findSecrets } from '../../src/run/artifacts.js';
import { Masker } from '../../src/stack/mask.js';
import { ENV_KEYS } from '../../src/stack/types.js';
import { writeEnvFile } from '../standins/launch.js';
import { startPgAdmin, type PgAdminInstance } from '../support/pgadmin.js';
import { describeFindings, docproof, type CliResult, type JsonFinding, type RunJson } from './cli.js';
import { E2E_ENV_FILE, E2E_PGADMIN_ENV_FILE, E2E_STACK_LABEL } from './stack.js';
import { recordVerdict, writeVerdicts } from './verdicts.js';

test.describe.configure({ mode: 'serial' });

const AS_GIVEN = 'tests/fixtures/pgadmin-as-given.md';
/** The stack's own pgAdmin container (compose): the run applies the guide's environment variables. */
const CONTAINER_ENV_FILE = process.env[E2E_PGADMIN_ENV_FILE];
const FORM: 'file' | 'env' = CONTAINER_ENV_FILE ? 'env' : 'file';
/** The guide's one line of PGADMIN_CONFIG_OAUTH2_CONFIG (tests/fixtures/pgadmin-as-given.md and its copies). */
const ENV_CONFIG_LINE = 91;
let pgadmin: PgAdminInstance | null = null;
let envFile = '';
let work = '';

/** The scenario's name in the verdicts: the form is part of it (its lines differ), compared among stacks of that form. */
const scenario = (name: string) => `${name} [${FORM} form]`;

test.beforeAll(async () => {
  // A first run installs pgAdmin from PyPI (about 30 s); a start takes about 5 s.
  test.setTimeout(300_000);
  work = mkdtempSync(path.join(tmpdir(), 'docproof-e2e-pgadmin-'));
  if (CONTAINER_ENV_FILE) {
    envFile = CONTAINER_ENV_FILE;
    return;
  }
  pgadmin = await startPgAdmin({ log: (l) => process.stdout.write(`docproof e2e: ${l}\n`) });
  const suite = parseEnv(readFileSync(process.env[E2E_ENV_FILE]!, 'utf8')) as Record<string, string>;
  envFile = path.join(work, 'pgadmin.env');
  writeEnvFile(envFile, {
    ...suite,
    ...pgadmin.env,
    [ENV_KEYS.stackLabel]: `${process.env[E2E_STACK_LABEL]} with pgAdmin ${pgadmin.version} (PyPI)`,
  });
});

test.afterAll(async () => {
  writeVerdicts(process.env[E2E_STACK_LABEL]!, 'pgadmin');
  await pgadmin?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function run(guide: string): Promise<CliResult & { findings: JsonFinding[]; json: RunJson | null }> {
  const out = path.join(work, path.basename(guide, '.md') + '-' + randomUUID().slice(0, 6));
  const r = await docproof(['run', guide, '--stack', 'external', '--env-file', envFile, '--format', 'json', '--output', out]);
  let json: RunJson | null = null;
  try {
    json = JSON.parse(r.stdout) as RunJson;
  } catch {
    // asserted by the callers through `code`
  }
  test.info().annotations.push({ type: 'run time (start-up included)', description: `${(r.ms / 1000).toFixed(1)} s` });
  return { ...r, json, findings: json?.findings ?? [], out } as CliResult & { findings: JsonFinding[]; json: RunJson | null; out: string };
}

function errors(findings: JsonFinding[]): JsonFinding[] {
  return findings.filter((f) => f.severity === 'error');
}

test(`pgAdmin: the guide as given passes: ${FORM === 'env' ? 'its PGADMIN_CONFIG_* variables, the container recreated, the "Login with Login with authentik" button' : 'its config_local.py, a restart, the "Login with authentik" button'}, and a new user signed in by email`, async () => {
  const r = await run(AS_GIVEN);
  recordVerdict(scenario('pgAdmin: the guide as given'), r);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  expect(errors(r.findings).map((f) => describeFindings([f]))).toEqual([]);
  expect(r.json?.header[0]).toMatch(/pgAdmin 9\.18/);
  // The icon and the button colour are the reader's to choose: left out, and said so at their lines.
  expect(r.findings.filter((f) => f.ruleId === 'run-reader-choice').map((f) => f.line)).toEqual(FORM === 'env' ? [ENV_CONFIG_LINE, ENV_CONFIG_LINE] : [71, 72]);
  // Nothing secret in any artifact, nor in what was printed.
  const env = parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>;
  const masker = new Masker([env.DOCPROOF_AUTHENTIK_TOKEN!, env.DOCPROOF_APP_ADMIN_PASSWORD!, ...(env.DOCPROOF_APP_CONTROL_TOKEN ? [env.DOCPROOF_APP_CONTROL_TOKEN] : [])]);
  expect(findSecrets((r as unknown as { out: string }).out, masker)).toEqual([]);
  expect(masker.mask(r.stdout + r.stderr)).toBe(r.stdout + r.stderr);
  if (FORM === 'file') {
    // The run put pgAdmin's configuration back as it was (no config_local.py) and removed the user it created.
    expect(() => readFileSync(pgadmin!.configFile)).toThrow();
  } else {
    // The run recreated pgAdmin's container without the guide's variables: its login page (whose props name the
    // authentication sources and every OAUTH2_CONFIG entry, security/login_user.html) offers the internal login only,
    // and no entry named as the guide's; pgAdmin's own default OAUTH2_CONFIG (config.py: one entry whose
    // OAUTH2_NAME is None) may stay.
    const login = await (await fetch(`${env.DOCPROOF_APP_URL}/login`)).text();
    expect(login).toMatch(/"authSources": \["internal"\]/);
    expect(login).not.toMatch(/"OAUTH2_NAME": "authentik"/);
  }
});

/**
 * [what, fixture, expected error lines, rule id]; no lines: the run passes. The lines are the file form's
 * (config_local.py's keys); in the env form every pgAdmin key is on the guide's line of PGADMIN_CONFIG_OAUTH2_CONFIG.
 */
const L = (fileLine: number) => (FORM === 'env' ? ENV_CONFIG_LINE : fileLine);
const BROKEN: [string, string, number[], string | null][] = [
  ['a wrong token URL', 'wrong-token-url.md', [L(65)], 'run-token-endpoint'],
  ['a wrong redirect path on the authentik side', 'redirect-path-authentik.md', [40], 'run-redirect-uri'],
  ['`openid` missing from the scope', 'scope-no-openid.md', [L(70)], 'run-scopes'],
  ['the secret taken from the client ID', 'secret-from-client-id.md', [L(64)], 'run-client-credentials'],
  // A value pgAdmin refuses: its ValueError ("configured without OAUTH2_CLIENT_SECRET (public client)") names the key.
  ['an empty client secret', 'secret-empty.md', [L(64)], 'run-value-not-accepted'],
  // pgAdmin 9.18 reads the user from the ID token when OAUTH2_SERVER_METADATA_URL is set and the scope has openid
  // (authenticate/oauth2.py get_user_profile), and never calls OAUTH2_USERINFO_ENDPOINT: the sign-in works. Only the
  // lint sees the line (placeholders: an authentik URL on pgadmin.company).
  ['the userinfo URL on the wrong host', 'userinfo-wrong-host.md', [], null],
];

for (const [what, file, lines, ruleId] of BROKEN) {
  test(`pgAdmin: a copy with ${what} ${lines.length ? `fails at line ${lines.join(' and ')}` : 'passes: pgAdmin never calls that URL'}`, async () => {
    const r = await run(`tests/fixtures/run/pgadmin/${file}`);
    recordVerdict(scenario(`pgAdmin: a copy with ${what}`), r);
    const f = errors(r.findings);
    expect(r.code, r.stderr).toBe(lines.length ? 1 : 0);
    expect(f.map((x) => x.line).sort((a, b) => (a ?? 0) - (b ?? 0)), describeFindings(f)).toEqual(lines);
    expect(new Set(f.map((x) => x.ruleId))).toEqual(new Set(ruleId ? [ruleId] : []));
    // pgAdmin's own words are the evidence of a refused sign-in.
    if (ruleId && ruleId !== 'run-redirect-uri') expect(JSON.stringify(f[0])).toMatch(/appMessage/);
  });
}
