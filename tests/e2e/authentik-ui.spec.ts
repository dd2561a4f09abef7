/**
 * The guide's authentik half walked in authentik's own admin interface (`docproof run --authentik ui`, issue 12),
 * against an authentik that serves it (the real tier; the stand-ins have no admin interface, so these are skipped
 * there with the reason). Each guide walks to the end or fails at the line whose words the interface no longer has.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { AuthentikApi } from '../../src/authentik/api.js';
import { BROWSER_LOCALE, launchOptions } from '../../src/browser.js';
import { extractFile } from '../../src/guide/extract.js';
import { planAuthentikUi } from '../../src/plan/authentik-ui.js';
import { specFromGuide } from '../../src/plan/spec.js';
import { AuthentikWalk } from '../../src/run/authentik-walk.js';
import { hasAdminInterface } from '../../src/run/engine.js';
import type { RunFinding } from '../../src/run/failures.js';
import { describeFindings, docproof, type JsonFinding, type RunJson } from './cli.js';
import { E2E_ENV_FILE } from './stack.js';

test.describe.configure({ mode: 'serial' });
// The browser the run itself uses (src/run/playwright.config.ts), for the walk this file drives directly.
test.use({ locale: BROWSER_LOCALE, launchOptions: launchOptions() });

const work = mkdtempSync(path.join(tmpdir(), 'docproof-e2e-ui-'));
const SAMPLE_2026_5 = path.resolve('../shared/corpus/authentik-integrations-newer-samples/hypervisors-orchestrators/portainer/index.mdx');
const PGADMIN = path.resolve('../shared/corpus/authentik-integrations/infrastructure/pgadmin/index.md');
const JELLYFIN = path.resolve('../shared/corpus/authentik-integrations/media/jellyfin/index.md');

function env(): Record<string, string> {
  return parseEnv(readFileSync(process.env[E2E_ENV_FILE]!, 'utf8')) as Record<string, string>;
}

test.beforeAll(async () => {
  test.skip(
    process.env.DOCPROOF_E2E_AUTHENTIK === 'api',
    "DOCPROOF_E2E_AUTHENTIK=api: this authentik is run in api mode (CI does so for releases older than 2026.5, whose admin interface the guides' words do not describe); nothing to walk",
  );
  test.skip(!(await hasAdminInterface(env().DOCPROOF_AUTHENTIK_URL!)), "the stack's authentik serves no admin interface (the stand-ins): nothing to walk");
});

async function runUi(guide: string): Promise<{ code: number | null; json: RunJson; findings: JsonFinding[]; stderr: string; ms: number }> {
  const out = path.join(work, `${path.basename(guide).replace(/\W+/g, '-')}-${randomUUID().slice(0, 6)}`);
  const r = await docproof(['run', guide, '--stack', 'external', '--env-file', process.env[E2E_ENV_FILE]!, '--authentik', 'ui', '--format', 'json', '--output', out]);
  const json = JSON.parse(r.stdout || '{"header":[],"findings":[]}') as RunJson;
  test.info().annotations.push({ type: 'run time (start-up included)', description: `${(r.ms / 1000).toFixed(1)} s` });
  return { code: r.code, json, findings: json.findings, stderr: r.stderr, ms: r.ms };
}

const at = (fs: JsonFinding[], severity: string) => fs.filter((f) => f.severity === severity).map((f) => `${f.line} ${f.ruleId}`);

async function nothingLeft(): Promise<void> {
  const e = env();
  const list = async (p: string) =>
    ((await (await fetch(`${e.DOCPROOF_AUTHENTIK_URL}/api/v3/${p}`, { headers: { authorization: `Bearer ${e.DOCPROOF_AUTHENTIK_TOKEN}` } })).json()) as { results: Array<Record<string, unknown>> }).results;
  expect(await list('core/applications/')).toEqual([]);
  expect(await list('providers/oauth2/')).toEqual([]);
  expect((await list('core/users/')).filter((u) => String(u.username).startsWith('docproof-'))).toEqual([]);
}

test('the corrected guide walks to the end in the admin interface, the UI\'s own words given where the guide\'s differ', async () => {
  const r = await runUi('docs/integrations/portainer/index.md');
  expect(r.code, r.stderr).toBe(0);
  expect(r.json.header.join('\n')).toContain('authentik steps: ui');
  expect(at(r.findings, 'error'), describeFindings(r.findings)).toEqual([]);
  const words = r.findings.filter((f) => f.ruleId === 'run-authentik-ui-words').map((f) => `${f.line} ${f.message}`);
  expect(words).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^35 .*calls the page "Choose a Provider" \(the guide says "Choose a Provider type"\)/),
      expect.stringMatching(/^35 .*calls the option "OAuth2\/OpenID Provider" \(the guide says "OAuth2\/OpenID Connect"\)/),
      expect.stringMatching(/^36 .*calls the page "Configure Provider" \(the guide says "Configure the Provider"\)/),
      expect.stringMatching(/^41 .*calls the button "Create Application" \(the guide says "Submit"\)/),
    ]),
  );
  await nothingLeft();
});

test('the seed guide as given fails at line 35: authentik 2026.5 has no "Create with Provider" button, it says "New Application"', async () => {
  const r = await runUi('tests/fixtures/portainer-as-given.md');
  expect(r.code, r.stderr).toBe(1);
  expect(at(r.findings, 'error'), describeFindings(r.findings)).toEqual(['35 run-authentik-ui']);
  expect(r.findings.find((f) => f.severity === 'error')!.message).toMatch(/authentik 20\d\d\.\d+\.\d+\S* has no button "Create with Provider" in its admin interface; the nearest is "New Application"/);
  await nothingLeft();
});

test('the 2026.5-format Portainer sample walks to the end', async () => {
  const r = await runUi(SAMPLE_2026_5);
  expect(r.code, r.stderr).toBe(0);
  expect(at(r.findings, 'error'), describeFindings(r.findings)).toEqual([]);
  await nothingLeft();
});

const BROKEN: [string, string, number, RegExp][] = [
  ['a menu that does not exist (2021\'s "Resources")', 'menu-resources.md', 33, /has no menu "Resources"/],
  ['a provider type under another name', 'provider-type-oidc.md', 35, /has no option "OIDC Provider".*OAuth2\/OpenID Provider/],
  ['a field label from an old version ("RSA Key")', 'field-rsa-key.md', 39, /has no field "RSA Key" in its admin interface; the nearest is "Signing Key"/],
];

for (const [what, file, line, message] of BROKEN) {
  test(`a copy with ${what} fails at line ${line}`, async () => {
    const r = await runUi(`tests/fixtures/authentik-ui/${file}`);
    expect(r.code, r.stderr).toBe(1);
    expect(at(r.findings, 'error'), describeFindings(r.findings)).toEqual([`${line} run-authentik-ui`]);
    expect(r.findings.find((f) => f.severity === 'error')!.message).toMatch(message);
    await nothingLeft();
  });
}

/**
 * A guide's authentik half alone, walked and read back (the application has no driver, or is not what is tested):
 * `appHost` (e.g. pgadmin.company) is mapped to `appUrl`, which nothing needs to answer.
 */
async function walkAuthentikHalf(page: Page, guidePath: string, appHost: string, appUrl: string) {
  const e = env();
  const { guide } = await extractFile(guidePath);
  const steps = planAuthentikUi(guide);
  const api = new AuthentikApi({ baseUrl: e.DOCPROOF_AUTHENTIK_URL!, token: e.DOCPROOF_AUTHENTIK_TOKEN! });
  const host = new RegExp(`^https?://${appHost.replace(/\./g, '\\.')}`);
  const stackUrl = (u: string) => u.replace(/^https?:\/\/authentik\.company/, e.DOCPROOF_AUTHENTIK_URL!).replace(host, appUrl);
  const spec = specFromGuide(guide, stackUrl);
  const notes: RunFinding[] = [];
  const secrets: string[] = [];
  const walk = new AuthentikWalk({ page, api, authentikUrl: e.DOCPROOF_AUTHENTIK_URL!, spec, map: stackUrl, secret: (x) => secrets.push(x), version: () => 'under test', notes });
  try {
    let app = null;
    for (const step of steps) app = (await walk.perform(step)) ?? app;
    expect(app).not.toBeNull();
    expect(app!.clientId).toMatch(/^\w{40}$/);
    // Both secrets of the walk reach the run's masker as they appear: the admin password typed in, the secret shown.
    expect(secrets).toContain(app!.clientSecret);
    expect(secrets.filter((x) => x !== app!.clientSecret)).toHaveLength(1);
    const provider = await api.readProvider(app!.providerPk);
    return { app: app!, spec, provider, notes };
  } finally {
    await api.cleanup();
  }
}

test("the pgAdmin guide's authentik half walks to the end and reads back what the guide asks for (pgAdmin has no driver: walk and readback alone)", async ({ page }) => {
  const { app, spec, provider } = await walkAuthentikHalf(page, PGADMIN, 'pgadmin.company', 'http://127.0.0.5:9000');
  // The guide leaves the slug to the wizard, which makes "pg-admin" of "pgAdmin": docproof's slugify says the same.
  expect(app.slug).toBe('pg-admin');
  expect(spec.slug).toBe(app.slug);
  expect(provider.redirect_uris.map((u) => `${u.matching_mode} ${u.url}`)).toEqual(['strict http://127.0.0.5:9000/oauth2/authorize']);
  await nothingLeft();
});

test("a provider-first guide's authentik half (Jellyfin's: a provider under Providers, then an application that uses it) walks to the end", async ({ page }) => {
  const { app, provider, notes } = await walkAuthentikHalf(page, JELLYFIN, 'jellyfin.company', 'http://127.0.0.6:8096');
  expect(provider.name).toBe('jellyfin');
  expect(provider.redirect_uris.map((u) => `${u.matching_mode} ${u.url}`)).toEqual(['strict http://127.0.0.6:8096/sso/OID/redirect/authentik']);
  expect(app.providerPk).toBe(provider.pk);
  test.info().annotations.push({ type: 'the UI\'s own words', description: notes.map((n) => `${n.line}: ${n.message}`).join('\n') || 'none' });
  await nothingLeft();
});
