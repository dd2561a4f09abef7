/**
 * The Portainer driver against the Portainer stand-in (tests/standins/portainer), in headless Chromium:
 * bootstrap, the admin sign-in, the guide's UI steps by the guide's own labels, what Portainer stores, the
 * findings an unknown label gives, sign-out, identity and cleanup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BROWSER_LOCALE, launchOptions } from '../../../src/browser.js';
import { PortainerApi } from '../../../src/apps/portainer/api.js';
import { PortainerDriver } from '../../../src/apps/portainer/index.js';
import { DriverError } from '../../../src/apps/types.js';
import type { Stack } from '../../../src/stack/types.js';
import { startPortainerStandin, type PortainerStandin } from '../../standins/portainer/server.js';
import { startServer, type TestServer } from '../../support/http.js';

const ADMIN_PASSWORD = 'admin-password-for-the-driver-test';
const CLIENT_SECRET = 'client-secret-for-the-driver-test';

function stackFor(appUrl: string, adminPassword = ADMIN_PASSWORD): Stack {
  return {
    kind: 'standins',
    label: 'driver test',
    authentik: { url: 'http://127.0.0.1:9', token: 'unused', version: null },
    app: { name: 'portainer', url: appUrl, adminUser: 'admin', adminPassword, version: null },
    testUser: { username: 'akuser', email: 'akuser@example.com', name: 'AK User', password: 'unused-password' },
    stop: async () => {},
  };
}

async function expectDriverError(promise: Promise<unknown>, kind: DriverError['kind']): Promise<DriverError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DriverError);
  expect((err as DriverError).kind).toBe(kind);
  return err as DriverError;
}

/** A loopback page standing for the Logout URL on another origin (authentik's end-session in a real run). */
async function startLogoutPage(): Promise<TestServer> {
  const server = await startServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>end-session</title><p>You have been logged out</p>');
  });
  return { url: `${server.url}/application/o/portainer/end-session/`, close: server.close };
}

/**
 * The smallest authorization server Portainer's login can complete against: /authorize sends the browser straight
 * back with a code, /token answers an access token, /userinfo the claims. It stands in for authentik only in this
 * file, to exercise the driver's SSO start and outcome without the authentik stand-in; the e2e suite runs the
 * real flow through authentik's pages.
 */
function startMiniIdp(claims: Record<string, string>): Promise<TestServer> {
  return startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://idp');
    if (url.pathname === '/authorize') {
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      res.statusCode = 302;
      res.setHeader('location', `${back.origin}${back.pathname}?code=code-1&state=${url.searchParams.get('state')}`);
      res.end();
    } else if (url.pathname === '/token' && req.method === 'POST') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'access-token-1', token_type: 'Bearer', expires_in: 300 }));
    } else if (url.pathname === '/userinfo') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(claims));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
}

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
});
afterAll(async () => {
  await browser?.close();
});

describe('bootstrap', () => {
  it('creates the admin once, is idempotent, and reads the version', async () => {
    const portainer = await startPortainerStandin();
    try {
      const driver = new PortainerDriver();
      const stack = stackFor(portainer.url);
      const api = new PortainerApi(portainer.url);
      expect(await driver.bootstrap(stack)).toEqual({ version: portainer.version });
      expect(await driver.bootstrap(stack)).toEqual({ version: portainer.version });
      const jwt = await api.authenticate('admin', ADMIN_PASSWORD);
      expect((await api.users(jwt)).map((u) => u.Username)).toEqual(['admin']);

      const wrong = await expectDriverError(
        new PortainerDriver().bootstrap(stackFor(portainer.url, 'not-the-admin-password')),
        'bootstrap-failed',
      );
      expect(wrong.message).toContain('Invalid credentials');
      expect(wrong.message).not.toContain('not-the-admin-password');
    } finally {
      await portainer.close();
    }
  });

  it("says the 5-minute admin-init window has passed when Portainer locked itself", async () => {
    const portainer = await startPortainerStandin({ adminInitTimeoutMs: 20 });
    try {
      await expect
        .poll(async () => (await fetch(`${portainer.url}/api/system/status`, { redirect: 'manual' })).status, {
          timeout: 5_000,
        })
        .toBe(303);
      const err = await expectDriverError(new PortainerDriver().bootstrap(stackFor(portainer.url)), 'bootstrap-failed');
      expect(err.message).toBe(
        "Portainer's 5-minute admin initialisation window has passed; restart the Portainer container",
      );
    } finally {
      await portainer.close();
    }
  });
});

describe('the guide on the authentication settings page', () => {
  let portainer: PortainerStandin;
  let logoutPage: { url: string; close(): Promise<void> };
  let driver: PortainerDriver;
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  const api = () => new PortainerApi(portainer.url);

  beforeAll(async () => {
    portainer = await startPortainerStandin();
    logoutPage = await startLogoutPage();
    // A label that does not exist costs the whole lookup wait; keep it short here.
    driver = new PortainerDriver({ timeouts: { lookup: 1_500 } });
    stack = stackFor(portainer.url);
    await driver.bootstrap(stack);
    context = await browser.newContext({ locale: BROWSER_LOCALE });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await portainer?.close();
    await logoutPage?.close();
  });

  it('signs in as the admin, and the page and the API agree on who is signed in', async () => {
    await driver.signInAsAdmin(page, stack);
    expect(await driver.signedInUser(page, stack)).toEqual({ ok: true, username: 'admin', apiUsername: 'admin' });
  });

  it('follows Settings > Authentication to "Authentication settings"; an unknown path is a finding', async () => {
    await driver.navigate(page, ['Settings', 'Authentication']);
    expect(new URL(page.url()).hash).toBe('#!/settings/auth');
    const err = await expectDriverError(driver.navigate(page, ['Settings', 'Tenants']), 'navigation-not-found');
    expect(err.message).toContain(`Portainer ${portainer.version}`);
    await driver.navigate(page, ['settings', 'authentication']);
  });

  it("performs the guide's choices, fields and switch, saves, and Portainer stores exactly what was typed", async () => {
    const values: Record<string, string> = {
      'Client ID': 'portainer-client-id',
      'Client Secret': CLIENT_SECRET,
      'Authorization URL': 'https://authentik.company/application/o/authorize/',
      'Access Token URL': 'https://authentik.company/application/o/token/',
      'Resource URL': 'https://authentik.company/application/o/userinfo/',
      'Redirect URL': `${portainer.url}/`,
      'Logout URL': logoutPage.url,
      'User Identifier': 'preferred_username',
      Scopes: 'email openid profile',
    };
    await driver.choose(page, 'OAuth', 'Authentication method');
    await driver.choose(page, 'Custom', 'Provider');
    for (const [label, value] of Object.entries(values)) await driver.fill(page, label, value);
    await driver.toggle(page, 'Automatic user provisioning', true);
    await driver.toggle(page, 'Automatic user provisioning', true); // already on: stays on
    await driver.click(page, 'Save settings');

    const settings = await api().settings(await api().authenticate('admin', ADMIN_PASSWORD));
    expect(settings.AuthenticationMethod).toBe(3);
    expect(settings.OAuthSettings).toMatchObject({
      ClientID: values['Client ID'],
      AuthorizationURI: values['Authorization URL'],
      AccessTokenURI: values['Access Token URL'],
      ResourceURI: values['Resource URL'],
      RedirectURI: values['Redirect URL'],
      LogoutURI: values['Logout URL'],
      UserIdentifier: values['User Identifier'],
      Scopes: values.Scopes,
      OAuthAutoCreateUsers: true,
    });
    // The secret is stored but never shown back (reference 2.1).
    expect(JSON.stringify(settings)).not.toContain(CLIENT_SECRET);
    const publicSettings = await api().publicSettings();
    expect(publicSettings.OAuthLoginURI).toContain('client_id=portainer-client-id');
  });

  it('an unknown label, option or button is a finding that names Portainer and its version', async () => {
    const field = await expectDriverError(driver.fill(page, 'Tenant ID', 'x'), 'field-not-found');
    expect(field.message).toBe(`the guide's field "Tenant ID" does not exist in Portainer ${portainer.version}`);
    expect(field.label).toBe('Tenant ID');
    const option = await expectDriverError(driver.choose(page, 'Keycloak', 'Provider'), 'option-not-found');
    expect(option.message).toContain(`Portainer ${portainer.version}`);
    await expectDriverError(driver.choose(page, 'Custom', 'Identity provider'), 'option-not-found');
    await expectDriverError(driver.click(page, 'Submit'), 'button-not-found');
    await expectDriverError(driver.toggle(page, 'Hide everything', true), 'field-not-found');
  });

  it('falls back to the known route when the sidebar cannot be followed by its labels, and checks the title', async () => {
    await page.goto(`${portainer.url}/#!/home`);
    // Hide the sidebar only once the home view has rendered, so the SPA's own render cannot race the style.
    await page.locator('button[data-cy="userMenu-button"]').waitFor();
    await page.addStyleTag({ content: 'nav.sidebar { display: none !important; }' });
    await driver.navigate(page, ['Settings', 'Authentication']);
    expect(new URL(page.url()).hash).toBe('#!/settings/auth');
    await expect(page.getByRole('heading', { name: 'Authentication settings' }).isVisible()).resolves.toBe(true);
    await page.reload();
  });

  it("a refused save is a finding with Portainer's own answer", async () => {
    // Portainer's UI offers no invalid value to type, so the refusal is injected once at the network layer, in
    // Portainer's error format (reference 2.3, pkg/libhttp/error).
    await page.route('**/api/settings', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({ message: 'Invalid request payload', details: 'Invalid OAuth AuthStyle' }),
          })
        : route.fallback(),
    );
    try {
      const err = await expectDriverError(driver.click(page, 'Save settings'), 'save-failed');
      expect(err.appMessage).toBe('Invalid request payload: Invalid OAuth AuthStyle');
      expect(err.message).toContain(`Portainer ${portainer.version}`);
    } finally {
      await page.unrouteAll();
    }
  });

  it('signs out through the user menu and lands on the Logout URL', async () => {
    await driver.signOut(page);
    expect(page.url()).toBe(logoutPage.url);
  });

  it('signs the admin in again with OAuth on, through "Use internal authentication"', async () => {
    await driver.signInAsAdmin(page, stack);
    expect(await driver.signedInUser(page, stack)).toMatchObject({ ok: true, apiUsername: 'admin' });
  });

  it('reports "Invalid OAuth state" when the code comes back to a browser that did not start the login', async () => {
    const other = await browser.newContext({ locale: BROWSER_LOCALE });
    try {
      const fresh = await other.newPage();
      await fresh.goto(`${portainer.url}/?code=some-code&state=not-ours#!/auth`);
      const result = await driver.signedInUser(fresh, stack);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.shown).toMatch(/Invalid OAuth state/);
      expect(result.appMessage).toBeNull();
    } finally {
      await other.close();
    }
  });

  async function useMiniIdp(idp: { url: string }, autoCreate: boolean): Promise<void> {
    const jwt = await api().authenticate('admin', ADMIN_PASSWORD);
    await api().updateSettings(jwt, {
      AuthenticationMethod: 3,
      OAuthSettings: {
        ClientID: 'portainer-client-id',
        ClientSecret: CLIENT_SECRET,
        AuthorizationURI: `${idp.url}/authorize`,
        AccessTokenURI: `${idp.url}/token`,
        ResourceURI: `${idp.url}/userinfo`,
        RedirectURI: `${portainer.url}/`,
        LogoutURI: '',
        UserIdentifier: 'preferred_username',
        Scopes: 'openid profile email',
        OAuthAutoCreateUsers: autoCreate,
        DefaultTeamID: 0,
        SSO: true,
        AuthStyle: 0,
      },
    });
  }

  it("reports Portainer's own message when the SSO user was never provisioned", async () => {
    const idp = await startMiniIdp({ sub: 'hashed', preferred_username: 'sso-user' });
    const other = await browser.newContext({ locale: BROWSER_LOCALE });
    try {
      await useMiniIdp(idp, false);
      const fresh = await other.newPage();
      await driver.startSsoLogin(fresh, stack);
      const failed = await driver.signedInUser(fresh, stack);
      expect(failed).toMatchObject({
        ok: false,
        shown: 'Unable to login via OAuth',
        appMessage: 'Account not created beforehand in Portainer and automatic user provisioning not enabled',
      });
      // The driver, not the run engine, knows what this message means and which setting prevents it.
      expect(failed.ok ? null : driver.explainSignInFailure(failed)).toEqual({ cause: 'user-not-provisioned', setting: 'automatic user provisioning' });
      expect(driver.explainSignInFailure({ ok: false, url: stack.app.url, shown: 'Unable to login via OAuth', appMessage: 'Unauthorized' })).toBeNull();
      expect(driver.saveLabel).toBe('Save settings');
    } finally {
      await other.close();
      await idp.close();
    }
  });

  it('reads who signed in through SSO from the page and from the API', async () => {
    const idp = await startMiniIdp({ sub: 'hashed', preferred_username: 'sso-user' });
    const other = await browser.newContext({ locale: BROWSER_LOCALE });
    try {
      await useMiniIdp(idp, true);
      const fresh = await other.newPage();
      await driver.startSsoLogin(fresh, stack);
      expect(await driver.signedInUser(fresh, stack)).toEqual({ ok: true, username: 'sso-user', apiUsername: 'sso-user' });
    } finally {
      await other.close();
      await idp.close();
    }
  });

  it('cleanup restores the settings and removes users the run created', async () => {
    const jwt = await api().authenticate('admin', ADMIN_PASSWORD);
    const created = await fetch(`${portainer.url}/api/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Username: 'pre-provisioned', Password: '', Role: 2 }),
    });
    expect(created.status).toBe(200);
    expect((await api().users(jwt)).map((u) => u.Username).sort()).toEqual(['admin', 'pre-provisioned', 'sso-user']);
    await driver.cleanup(stack);
    const after = await api().settings(await api().authenticate('admin', ADMIN_PASSWORD));
    expect(after.AuthenticationMethod).toBe(1);
    expect(after.OAuthSettings).toMatchObject({ ClientID: '', AuthorizationURI: '', OAuthAutoCreateUsers: false });
    expect((await api().users(jwt)).map((u) => u.Username)).toEqual(['admin']);
    await driver.cleanup(stack); // a second cleanup has nothing left to do
  });
});
