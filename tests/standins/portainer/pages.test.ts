/**
 * The Portainer stand-in's pages in headless Chromium, fact by fact from ../shared/reference/portainer.md
 * sections 3 and 4: login page, the "Login with OAuth" start and its client-side state check, the
 * Authentication settings page with its real labels, ids and quirks, the user menu and logout.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BROWSER_LOCALE, launchOptions } from '../../../src/browser.js';
import { startPortainerStandin, type PortainerStandin } from './server.js';
import { ADMIN_PASSWORD, bootstrapAdmin, call, enableOAuth } from './test-helpers.js';
import { startTestIdp, type TestIdp } from './test-idp.js';

let browser: Browser;
let standin: PortainerStandin;
let idp: TestIdp;
let adminJwt: string;
let context: BrowserContext;
let page: Page;
const logs: string[] = [];

beforeAll(async () => {
  [browser, standin, idp] = await Promise.all([
    chromium.launch(launchOptions()),
    startPortainerStandin({ log: (l) => logs.push(l) }),
    startTestIdp(),
  ]);
  adminJwt = await bootstrapAdmin(standin.url);
});

afterAll(async () => {
  await browser?.close();
  await standin?.close();
  await idp?.close();
});

beforeEach(async () => {
  // Back to a fresh instance's authentication settings, and a userinfo for a user Portainer does not know.
  await call(standin.url, 'PUT', '/api/settings', {
    jwt: adminJwt,
    body: {
      AuthenticationMethod: 1,
      OAuthSettings: { SSO: true, ClientSecret: '' },
    },
  });
  idp.behaviour.userinfo = { sub: 'abc', preferred_username: 'alice' };
  idp.requests.length = 0;
  context = await browser.newContext({ locale: BROWSER_LOCALE });
  context.setDefaultTimeout(5000);
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

const TIMEOUT = 5000;

async function signInAsAdmin(): Promise<void> {
  await page.goto(`${standin.url}/#!/auth`);
  const internal = page.getByText('Use internal authentication');
  if (await internal.isVisible()) await internal.click();
  await page.locator('#username').fill('admin');
  await page.locator('#password').fill(ADMIN_PASSWORD);
  await page.locator('[data-cy="auth-loginButton"]').click();
  await page.waitForURL(`${standin.url}/#!/wizard`, { timeout: TIMEOUT });
}

describe('login page (reference 4.2)', () => {
  it('has the username/password form and takes an admin without environments to #!/wizard', async () => {
    await page.goto(`${standin.url}/#!/auth`);
    await page.getByText('Log in to your account').waitFor();
    await page.getByText('Welcome back! Please enter your details').waitFor();
    const username = page.locator('[data-cy="auth-usernameInput"]');
    expect(await username.getAttribute('id')).toBe('username');
    expect(await username.getAttribute('placeholder')).toBe('Enter your username');
    expect(await page.locator('#password').getAttribute('placeholder')).toBe('Enter your password');
    expect((await page.locator('[data-cy="auth-loginButton"]').textContent())?.trim()).toBe('Login');
    expect(await page.getByRole('link', { name: 'Login with OAuth' }).count()).toBe(0);

    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('wrong-password-000');
    await page.locator('[data-cy="auth-loginButton"]').click();
    await page.locator('span.text-danger', { hasText: 'Invalid credentials' }).waitFor();

    await page.locator('#password').fill(ADMIN_PASSWORD);
    await page.locator('[data-cy="auth-loginButton"]').click();
    await page.waitForURL(`${standin.url}/#!/wizard`);
    const menu = page.locator('button[data-cy="userMenu-button"]');
    expect(await menu.getAttribute('aria-label')).toBe('User menu toggle');
    expect((await menu.locator('span', { hasText: 'admin' }).textContent())?.trim()).toBe('admin');
  });

  it('logs out to #!/auth when OAuth is off', async () => {
    await signInAsAdmin();
    await page.locator('button[data-cy="userMenu-button"]').click();
    await page.locator('[data-cy="userMenu-logOut"]').click();
    await page.waitForURL(`${standin.url}/#!/auth`);
    expect(logs).toContain('POST /api/auth/logout 204');
    await page.goto(`${standin.url}/#!/home`);
    await page.waitForURL(`${standin.url}/#!/auth`);
  });
});

describe('Settings > Authentication (reference 4.4)', () => {
  async function openSettings(): Promise<void> {
    await signInAsAdmin();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('link', { name: 'Authentication', exact: true }).click();
    await page.waitForURL(`${standin.url}/#!/settings/auth`);
    await page.getByRole('heading', { name: 'Authentication settings' }).waitFor();
  }

  it('shows the method boxes as hidden radios with clickable labels, and the OAuth fields with their real labels', async () => {
    await openSettings();
    expect(await page.locator('#user_timeout').inputValue()).toBe('8h');
    expect(await page.getByLabel('Session lifetime').getAttribute('data-cy')).toBe('user-timeout-select');

    for (const [id, cy] of [['auth_internal', 'authOptions_1'], ['auth_ldap', 'authOptions_2'], ['auth_ad', 'authOptions_4'], ['auth_oauth', 'authOptions_3']]) {
      const radio = page.locator(`input#${id}`);
      expect(await radio.evaluate((el) => getComputedStyle(el).display)).toBe('none');
      expect(await page.locator(`label[for="${id}"]`).getAttribute('data-cy')).toBe(cy);
    }
    expect(await page.locator('#auth_internal').isChecked()).toBe(true);
    expect(await page.locator('#oauth_client_id').count()).toBe(0);

    const oauthBox = page.locator('label[data-cy="authOptions_3"]');
    expect(await oauthBox.textContent()).toContain('OAuth authentication');
    await oauthBox.click();
    expect(await page.locator('#auth_oauth').isChecked()).toBe(true);

    const fields: [string, string, string | null, string | null][] = [
      ['Client ID', 'oauth_client_id', null, 'xxxxxxxxxxxxxxxxxxxx'],
      ['Client secret', 'oauth_client_secret', null, 'xxxxxxxxxxxxxxxxxxxx'],
      ['Authorization URL', 'oauth_authorization_uri', 'oauth-authorization-uri', 'https://example.com/oauth/authorize'],
      ['Access token URL', 'oauth_access_token_uri', 'oauth-access-token-uri', 'https://example.com/oauth/token'],
      ['Resource URL', 'oauth_resource_uri', 'oauth-resource-uri', 'https://example.com/user'],
      ['Redirect URL', 'oauth_redirect_uri', 'oauth-redirect-uri', 'http://yourportainer.com/'],
      ['Logout URL', 'oauth_logout_url', 'oauth-logout-url', null],
      ['User identifier', 'oauth_user_identifier', 'oauth-user-identifier', 'id'],
      ['Scopes', 'oauth_scopes', 'oauth-scopes', 'id,email,name'],
      ['Auth Style', 'oauth_authstyle', 'setting-oauth-authstyle-select', null],
    ];
    for (const [label, id, cy, placeholder] of fields) {
      const byLabel = page.getByLabel(label, { exact: true });
      expect(await byLabel.getAttribute('id'), label).toBe(id);
      expect(await byLabel.getAttribute('data-cy'), label).toBe(cy);
      expect(await byLabel.getAttribute('placeholder'), label).toBe(placeholder);
      // the label carries an extra tooltip element besides its text (all but Client secret)
      if (label !== 'Client secret') expect(await page.locator(`label[for="${id}"] .tooltip-icon`).count(), label).toBe(1);
    }
    expect(await page.locator('#oauth_client_secret').getAttribute('type')).toBe('password');
    expect(await page.locator('#oauth_authstyle option').allTextContents()).toEqual(['Auto Detect', 'In Params', 'In Header']);
    // CE does not pre-fill the Redirect URL.
    expect(await page.locator('#oauth_redirect_uri').inputValue()).toBe('');
  });

  it('has Custom preselected (clicking it changes nothing) and the other providers as Business Edition', async () => {
    await openSettings();
    await page.locator('label[data-cy="authOptions_3"]').click();
    const custom = page.locator('label[data-cy="oauth_provider_custom"]');
    expect(await custom.textContent()).toContain('Custom OAuth provider');
    expect(await page.locator('input#custom').isChecked()).toBe(true);
    for (const p of ['microsoft', 'google', 'github']) {
      expect(await page.locator(`input#${p}`).isDisabled(), p).toBe(true);
      expect(await page.locator(`label[data-cy="oauth_provider_${p}"]`).textContent(), p).toContain('Business Feature');
    }
    await page.locator('#oauth_authorization_uri').fill('http://idp.example/authorize');
    await page.locator('#oauth_scopes').fill('openid profile email');
    await page.locator('#oauth_authstyle').selectOption('2');
    await custom.click();
    // React's onChange fires only when the radio changes; Custom was already selected, so nothing is reset.
    expect(await page.locator('#oauth_authorization_uri').inputValue()).toBe('http://idp.example/authorize');
    expect(await page.locator('#oauth_scopes').inputValue()).toBe('openid profile email');
    expect(await page.locator('#oauth_authstyle').inputValue()).toBe('2');
    // A Business Edition box cannot be chosen (forced: Playwright itself refuses the label of a disabled input).
    await page.locator('label[data-cy="oauth_provider_github"]').click({ force: true });
    expect(await page.locator('input#custom').isChecked()).toBe(true);
  });

  it('needs the slider clicked for "Automatic user provisioning" (its label points at id "tls"); "Use SSO" works by label', async () => {
    await openSettings();
    await page.locator('label[data-cy="authOptions_3"]').click();
    expect(await page.getByLabel('Automatic user provisioning').count()).toBe(0);
    expect(await page.locator('label[for="tls"]').textContent()).toContain('Automatic user provisioning');
    const toggle = page.locator('[data-cy="auto-user-provision-toggle"]');
    expect(await toggle.evaluate((el) => getComputedStyle(el).opacity)).toBe('0');
    expect(await toggle.isChecked()).toBe(false);
    await expect(toggle.check({ timeout: 500 })).rejects.toThrow();
    await toggle.locator('xpath=..').locator('span.slider').click();
    expect(await toggle.isChecked()).toBe(true);
    await page.getByText('You have not yet created any teams').waitFor();

    const sso = page.locator('input[name="toggle_use-sso"]');
    expect(await page.getByLabel('Use SSO').getAttribute('name')).toBe('toggle_use-sso');
    expect(await sso.isChecked()).toBe(true); // SSO is true on a fresh instance
    await page.getByText('Use SSO', { exact: true }).click();
    expect(await sso.isChecked()).toBe(false);
  });

  it('"Save settings" PUTs the whole settings object with the CSRF token; a PUT without the token is refused', async () => {
    await openSettings();
    await page.locator('label[data-cy="authOptions_3"]').click();
    await page.locator('label[data-cy="oauth_provider_custom"]').click();
    const values: Record<string, string> = {
      'Client ID': 'client-from-ui',
      'Client secret': 'secret-from-ui-123',
      'Authorization URL': `${idp.url}/authorize`,
      'Access token URL': `${idp.url}/token`,
      'Resource URL': `${idp.url}/userinfo`,
      'Redirect URL': `${standin.url}/`,
      'Logout URL': `${idp.url}/end-session`,
      'User identifier': 'preferred_username',
      Scopes: 'openid profile email',
    };
    for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.locator('[data-cy="auto-user-provision-toggle"]').locator('xpath=..').locator('span.slider').click();

    const put = page.waitForRequest((r) => r.url() === `${standin.url}/api/settings` && r.method() === 'PUT');
    await page.locator('button.oauth-save-settings-button').click();
    const request = await put;
    expect(request.headers()['x-csrf-token']).toBeTruthy();
    const sent = request.postDataJSON() as Record<string, any>;
    expect(sent).toHaveProperty('UserSessionTimeout', '8h');
    expect(sent).toHaveProperty('LDAPSettings');
    expect(sent.AuthenticationMethod).toBe(3);
    const toast = page.getByRole('alert').filter({ hasText: 'Authentication settings updated' });
    await toast.waitFor();
    expect(await toast.textContent()).toContain('Success');

    const stored = (await call(standin.url, 'GET', '/api/settings', { jwt: adminJwt })).json;
    expect(stored.AuthenticationMethod).toBe(3);
    expect(stored.OAuthSettings).toMatchObject({
      ClientID: 'client-from-ui',
      AuthorizationURI: `${idp.url}/authorize`,
      RedirectURI: `${standin.url}/`,
      Scopes: 'openid profile email',
      OAuthAutoCreateUsers: true,
      SSO: true,
      AuthStyle: 0,
    });

    const status = await page.evaluate(async () => {
      const res = await fetch('/api/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return res.status;
    });
    expect(status).toBe(403);
  });
});

describe('OAuth login from the login page (reference 3)', () => {
  it('shows "Login with OAuth" with state in localStorage, the form behind "Use internal authentication"', async () => {
    await enableOAuth(standin.url, adminJwt, idp, { SSO: false });
    await page.goto(`${standin.url}/#!/auth`);
    const link = page.getByRole('link', { name: 'Login with OAuth' });
    const href = (await link.getAttribute('href'))!;
    const loginUri = (await call(standin.url, 'GET', '/api/settings/public')).json.OAuthLoginURI as string;
    expect(loginUri).toContain('&prompt=login');
    const state = await page.evaluate(() => localStorage.getItem('portainer.LOGIN_STATE_UUID'));
    expect(state).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(href).toBe(`${loginUri}&state=${state}`);
    expect(await link.locator('div.btn.btn-primary').count()).toBe(1);

    expect(await page.locator('#username').count()).toBe(0);
    await page.getByText('Use internal authentication').click();
    await page.locator('#username').waitFor();
    expect(await page.getByText('or', { exact: true }).count()).toBe(1);
  });

  it('signs an unknown user in with automatic provisioning, shows the username, and logs out to the logout URL', async () => {
    await enableOAuth(standin.url, adminJwt, idp, { OAuthAutoCreateUsers: true });
    await page.goto(`${standin.url}/#!/auth`);
    await page.getByRole('link', { name: 'Login with OAuth' }).click();
    await page.waitForURL(`${standin.url}/#!/home`);
    expect(page.url()).not.toContain('code=');
    const validate = idp.requests.filter((r) => r.path === '/token');
    expect(validate).toHaveLength(1);
    const authorize = idp.requests.find((r) => r.path === '/authorize')!;
    expect(authorize.query.get('scope')).toBe('openid profile email');
    expect(authorize.query.get('redirect_uri')).toBe(`${standin.url}/`);
    const menu = page.locator('button[data-cy="userMenu-button"]');
    expect((await menu.textContent())?.trim()).toContain('alice');

    await menu.click();
    await page.locator('[data-cy="userMenu-logOut"]').click();
    await page.waitForURL(`${idp.url}/end-session`);
    await page.goto(`${standin.url}/#!/home`);
    await page.waitForURL(`${standin.url}/#!/auth`);
  });

  it('says "Invalid OAuth state, try again." when the state does not match, without calling the backend', async () => {
    await enableOAuth(standin.url, adminJwt, idp);
    await page.goto(`${standin.url}/#!/auth`);
    const validations = (): number => logs.filter((l) => l.startsWith('POST /api/auth/oauth/validate')).length;
    const before = validations();
    await page.goto(`${standin.url}/?code=${idp.code}&state=not-the-stored-state#!/auth`);
    await page.locator('span.text-danger', { hasText: 'Invalid OAuth state, try again.' }).waitFor();
    await page.getByRole('link', { name: 'Login with OAuth' }).waitFor();
    expect(validations()).toBe(before);
  });

  it('shows "Unable to login via OAuth" and a "Failure" toast with "Unauthorized" for a user that was not provisioned', async () => {
    idp.behaviour.userinfo = { sub: 'def', preferred_username: 'bob-not-provisioned' };
    await enableOAuth(standin.url, adminJwt, idp, { OAuthAutoCreateUsers: false });
    await page.goto(`${standin.url}/#!/auth`);
    const response = page.waitForResponse((r) => r.url().endsWith('/api/auth/oauth/validate'));
    await page.getByRole('link', { name: 'Login with OAuth' }).click();
    expect(await (await response).json()).toEqual({
      message: 'Account not created beforehand in Portainer and automatic user provisioning not enabled',
      details: 'Unauthorized',
    });
    await page.locator('span.text-danger', { hasText: 'Unable to login via OAuth' }).waitFor();
    const toast = page.getByRole('alert');
    await toast.waitFor();
    expect(await toast.locator('.toast-title').textContent()).toBe('Failure');
    expect(await toast.locator('.toast-message').textContent()).toBe('Unauthorized');
    expect(page.url()).toContain('#!/auth');
  });

  it('kept every secret out of the log of the whole file run', () => {
    const all = logs.join('\n');
    expect(all).toContain('POST /api/auth 200'); // the admin bootstrap, so the log is never empty here
    for (const secret of [ADMIN_PASSWORD, adminJwt, idp.behaviour.clientSecret, 'secret-from-ui-123', idp.code, idp.accessToken]) {
      expect(all).not.toContain(secret);
    }
  });
});
