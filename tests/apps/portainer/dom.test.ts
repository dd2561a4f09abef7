/**
 * The label scanners on markup shaped like Portainer 2.23's authentication settings (reference portainer.md 4.4):
 * tooltip icons inside labels, BoxSelector radios hidden with display:none, switches with an opacity-0 checkbox,
 * and the "Automatic user provisioning" label whose for= names no input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BROWSER_LOCALE, launchOptions } from '../../../src/browser.js';
import { findChoice, findFieldLabels, findSwitch, labelKey, nameMatcher } from '../../../src/apps/portainer/dom.js';
import {
  boxSelectorOption,
  clearToastsOver,
  fieldsClearedByChoice,
  flipSwitch,
  waitChecked,
} from '../../../src/apps/portainer/ui.js';

const MARKUP = `<!doctype html><html><head><style>
  .switch input { opacity: 0; width: 0; height: 0; }
  .slider { display: inline-block; width: 40px; height: 20px; background: #ccc; }
  .hidden-radio { display: none; }
</style></head><body>
<h1>Authentication settings</h1>
<div class="col-sm-12 form-section-title">Authentication method</div>
<div>
  <input class="hidden-radio" type="radio" name="authOptions" id="auth_internal" value="1" checked>
  <label for="auth_internal" data-cy="authOptions_1"><div>Internal</div><p>Internal authentication mechanism</p></label>
  <input class="hidden-radio" type="radio" name="authOptions" id="auth_oauth" value="3">
  <label for="auth_oauth" data-cy="authOptions_3"><svg aria-hidden="true"></svg><div>OAuth</div><p>OAuth authentication</p></label>
</div>
<div class="col-sm-12 form-section-title">Single Sign-On</div>
<div class="form-group"><div class="col-sm-12">
  <label for="toggle_use-sso">Use SSO<portainer-tooltip><span class="tooltip-icon">?</span></portainer-tooltip></label>
  <label class="switch"><input type="checkbox" id="toggle_use-sso" name="toggle_use-sso" checked><span class="slider round"></span></label>
</div></div>
<div class="form-group"><div class="col-sm-12">
  <label for="tls" class="control-label">Automatic user provisioning</label>
  <label class="switch"><input type="checkbox" data-cy="auto-user-provision-toggle"><span class="slider round"></span></label>
</div></div>
<div class="col-sm-12 form-section-title">Provider</div>
<div>
  <input class="hidden-radio" type="radio" name="oauth_provider" id="microsoft" value="microsoft" disabled>
  <label for="microsoft"><div>Microsoft</div><p>Microsoft OAuth provider</p></label>
  <input class="hidden-radio" type="radio" name="oauth_provider" id="custom" value="custom" checked>
  <label for="custom" data-cy="oauth_provider_custom"><div>Custom</div><p>Custom OAuth provider</p></label>
</div>
<div class="col-sm-12 form-section-title">OAuth Configuration</div>
<label for="oauth_client_id">Client ID <span role="tooltip">Public identifier of the OAuth application</span></label>
<input id="oauth_client_id" placeholder="xxxxxxxxxxxxxxxxxxxx">
<label for="oauth_access_token_uri">Access token URL<portainer-tooltip>?</portainer-tooltip></label>
<input id="oauth_access_token_uri">
<label for="oauth_authstyle">Auth Style</label>
<select id="oauth_authstyle"><option value="0">Auto Detect</option><option value="1">In Params</option></select>
<div style="display:none"><label for="hidden_field">Tenant ID</label><input id="hidden_field"></div>
<button class="oauth-save-settings-button"><span>Save settings</span><span style="display:none">Saving...</span></button>
</body></html>`;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
  page = await (await browser.newContext({ locale: BROWSER_LOCALE })).newPage();
});
afterAll(async () => {
  await browser?.close();
});

async function load(): Promise<void> {
  await page.setContent(MARKUP);
}

describe('labelKey and nameMatcher', () => {
  it('compare case-insensitively, collapse whitespace, drop a trailing colon or asterisk', () => {
    expect(labelKey('  Access Token   URL: ')).toBe(labelKey('Access token URL'));
    expect(labelKey('Client Secret *')).toBe('client secret');
    expect(labelKey('User Identifier')).not.toBe(labelKey('User identifiers'));
    expect(nameMatcher('Save settings').test('  save  Settings ')).toBe(true);
    expect(nameMatcher('Save settings').test('Save settings now')).toBe(false);
    expect(nameMatcher('a.b (c)').test('a.b (c)')).toBe(true);
    expect(nameMatcher('a.b (c)').test('axb (c)')).toBe(false);
  });
});

describe('findFieldLabels', () => {
  it("matches the guide's label to the page's, ignoring case and tooltip text, and getByLabel reaches the input", async () => {
    await load();
    const found = await findFieldLabels(page, 'Access Token URL', 1000);
    expect(found.status).toBe('found');
    if (found.status !== 'found') return;
    expect(found.labels).toHaveLength(1);
    const label = found.labels[0]!;
    expect(label.full).toBe('Access token URL?');
    await page.getByLabel(label.full, { exact: true }).fill('http://x/token/');
    expect(await page.locator('#oauth_access_token_uri').inputValue()).toBe('http://x/token/');

    const clientId = await findFieldLabels(page, 'client id', 1000);
    expect(clientId.status === 'found' && clientId.labels[0]!.full).toBe(
      'Client ID Public identifier of the OAuth application',
    );
  });

  it('reports an unknown or hidden label as missing, with the labels the page has', async () => {
    await load();
    const found = await findFieldLabels(page, 'Tenant ID', 300);
    expect(found.status).toBe('missing');
    if (found.status !== 'missing') return;
    expect(found.available).toContain('Access token URL');
    expect(found.available).not.toContain('Tenant ID');
  });
});

describe('findChoice and the BoxSelector', () => {
  it('finds "OAuth" under "Authentication method" by its visible text and checks the hidden radio', async () => {
    await load();
    const found = await findChoice(page, 'OAuth', 'Authentication method', 1000);
    expect(found).toMatchObject({ kind: 'radio', status: 'found', radioId: 'auth_oauth', checked: false });
    if (found.kind !== 'radio' || found.status !== 'found') return;
    const { label, radio } = boxSelectorOption(page, found);
    await label.click();
    expect(await waitChecked(page, radio, true, 1000)).toBe(true);
  });

  it('keeps to the group: "Custom" is not an authentication method, and an unknown group is reported', async () => {
    await load();
    expect(await findChoice(page, 'Custom', 'Authentication method', 300)).toMatchObject({ status: 'no-option' });
    expect(await findChoice(page, 'Custom', 'Provider', 300)).toMatchObject({ status: 'found', radioId: 'custom' });
    expect(await findChoice(page, 'Custom', 'Identity provider', 300)).toMatchObject({ status: 'no-group' });
    expect(await findChoice(page, 'Microsoft', null, 300)).toMatchObject({ status: 'found', disabled: true });
  });

  it('chooses an option of a select labelled by the group', async () => {
    await load();
    expect(await findChoice(page, 'in params', 'Auth Style', 300)).toMatchObject({
      kind: 'select',
      status: 'found',
      optionLabel: 'In Params',
    });
    expect(await findChoice(page, 'In Body', 'Auth Style', 300)).toMatchObject({ kind: 'select', status: 'no-option' });
  });
});

describe('findSwitch and flipSwitch', () => {
  it('finds "Automatic user provisioning" despite its for="tls" and turns it on through the slider', async () => {
    await load();
    const found = await findSwitch(page, 'Automatic user provisioning', 1000);
    expect(found).toMatchObject({ status: 'found', checked: false });
    if (found.status !== 'found') return;
    const box = page.locator('input[type="checkbox"]').nth(found.index);
    expect(await box.getAttribute('data-cy')).toBe('auto-user-provision-toggle');
    await flipSwitch(box, 2000);
    expect(await waitChecked(page, box, true, 1000)).toBe(true);
    // Use SSO was not touched.
    expect(await page.locator('#toggle_use-sso').isChecked()).toBe(true);
  });

  it('finds "Use SSO" through its label and ignores the tooltip text', async () => {
    await load();
    const found = await findSwitch(page, 'use sso', 1000);
    expect(found).toMatchObject({ status: 'found', checked: true });
    if (found.status !== 'found') return;
    expect(await page.locator('input[type="checkbox"]').nth(found.index).getAttribute('id')).toBe('toggle_use-sso');
    expect(await findSwitch(page, 'Hide internal authentication prompt', 300)).toMatchObject({ status: 'missing' });
  });
});

describe('fieldsClearedByChoice', () => {
  it('names the fields a provider choice reset (Portainer\'s "Custom" resets the URLs, reference 4.4)', async () => {
    await page.setContent(`<!doctype html>
      <input type="radio" name="p" id="google" checked style="display:none"><label for="google">Google</label>
      <input type="radio" name="p" id="custom" style="display:none"><label for="custom">Custom</label>
      <label for="a">Authorization URL</label><input id="a"><label for="c">Client ID</label><input id="c">
      <script>document.getElementById('custom').addEventListener('change', () => { document.getElementById('a').value = ''; });</script>`);
    const authorization = page.locator('#a');
    const clientId = page.locator('#c');
    await authorization.fill('https://authentik.company/application/o/authorize/');
    await clientId.fill('id');
    const filled = new Map([
      ['a', { label: 'Authorization URL', field: authorization, value: 'https://authentik.company/application/o/authorize/' }],
      ['c', { label: 'Client ID', field: clientId, value: 'id' }],
    ]);
    expect(await fieldsClearedByChoice(filled)).toEqual([]);
    await page.locator('label[for="custom"]').click();
    expect(await fieldsClearedByChoice(filled)).toEqual(['Authorization URL']);
  });
});

describe('clearToastsOver', () => {
  it('closes a toast that covers the user menu, and leaves an uncovered page alone', async () => {
    await page.setContent(`<!doctype html>
      <button data-cy="userMenu-button" style="position:fixed;top:10px;right:10px;width:120px;height:30px">admin</button>
      <div id="toast-container" style="position:fixed;top:0;right:0;z-index:10">
        <div class="toast" style="width:300px;height:80px;background:#fff">
          <button class="toast-close-button" onclick="this.parentElement.remove()">×</button>Authentication settings updated
        </div>
      </div>`);
    const menu = page.locator('button[data-cy="userMenu-button"]');
    await expect(menu.click({ trial: true, timeout: 300 })).rejects.toThrow();
    await clearToastsOver(page, menu, 2_000);
    expect(await page.locator('.toast').count()).toBe(0);
    await menu.click({ timeout: 300 });

    await page.setContent('<button data-cy="userMenu-button">admin</button>');
    const started = Date.now();
    await clearToastsOver(page, menu, 2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
