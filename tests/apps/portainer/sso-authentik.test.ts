/**
 * The driver through a whole sign-in against both stand-ins: the Portainer guide's settings typed by their labels,
 * "Login with OAuth" from Portainer's login page, authentik's flow pages, and who Portainer says is signed in.
 * The same three outcomes the e2e suite reports on: the guide as given (no automatic user provisioning), the fix,
 * and a redirect URL that does not match authentik's strict redirect URI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BROWSER_LOCALE, launchOptions } from '../../../src/browser.js';
import { AuthentikApi } from '../../../src/authentik/api.js';
import { AuthentikLoginPage } from '../../../src/authentik/login.js';
import { PortainerApi } from '../../../src/apps/portainer/api.js';
import { PortainerDriver } from '../../../src/apps/portainer/index.js';
import { randomSecret } from '../../../src/stack/random.js';
import { ENV_KEYS, type Stack } from '../../../src/stack/types.js';
import { launchStandins, type Standins } from '../../standins/launch.js';

let standins: Standins;
let browser: Browser;
let stack: Stack;
let authentik: AuthentikApi;
let clientId: string;
let clientSecret: string;
const driver = new PortainerDriver({ timeouts: { lookup: 1_500 } });

beforeAll(async () => {
  standins = await launchStandins();
  stack = {
    kind: 'standins',
    label: standins.label,
    authentik: { url: standins.authentik.url, token: standins.env[ENV_KEYS.authentikToken]!, version: null },
    app: {
      name: 'portainer',
      url: standins.portainer.url,
      adminUser: standins.env[ENV_KEYS.appAdminUser]!,
      adminPassword: standins.env[ENV_KEYS.appAdminPassword]!,
      version: null,
    },
    testUser: { username: 'docproof-sso', email: 'docproof-sso@example.com', name: 'SSO User', password: randomSecret() },
    stop: () => standins.close(),
  };
  authentik = new AuthentikApi({ baseUrl: stack.authentik.url, token: stack.authentik.token });
  const app = await authentik.provisionOAuth2({
    applicationName: 'Portainer',
    slug: 'portainer',
    providerName: 'Provider for Portainer',
    redirectUris: [{ matchingMode: 'strict', url: `${stack.app.url}/`, kind: 'authorization' }],
    signingKey: 'any',
    authorizationFlow: 'implicit',
  });
  clientId = app.clientId;
  clientSecret = app.clientSecret;
  await authentik.ensureUser(stack.testUser);
  await driver.bootstrap(stack);
  browser = await chromium.launch(launchOptions());
});

afterAll(async () => {
  await browser?.close();
  if (stack) await driver.cleanup(stack).catch(() => undefined);
  await authentik?.cleanup().catch(() => undefined);
  await standins?.close();
});

/** The admin's part, in its own browser context: sign in, open the page, apply `steps`, save, sign out. */
async function asAdmin(steps: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ locale: BROWSER_LOCALE });
  try {
    const page = await context.newPage();
    await driver.signInAsAdmin(page, stack);
    await driver.navigate(page, ['Settings', 'Authentication']);
    await steps(page);
    await driver.click(page, 'Save settings');
    await driver.signOut(page);
  } finally {
    await context.close();
  }
}

/** The test user's part, in a fresh context: Portainer's "Login with OAuth", authentik's pages, the outcome. */
async function ssoSignIn(expectAuthentikLogin = true) {
  const context = await browser.newContext({ locale: BROWSER_LOCALE });
  try {
    const page = await context.newPage();
    await driver.startSsoLogin(page, stack);
    if (expectAuthentikLogin) await new AuthentikLoginPage(page).signIn(stack.testUser.username, stack.testUser.password);
    return await driver.signedInUser(page, stack);
  } finally {
    await context.close();
  }
}

describe('SSO through the authentik stand-in', () => {
  it("as the guide is written, Portainer refuses the unknown user, with its own message", async () => {
    const ak = stack.authentik.url;
    const guide: [string, string][] = [
      ['Client ID', clientId],
      ['Client Secret', clientSecret],
      ['Authorization URL', `${ak}/application/o/authorize/`],
      ['Access Token URL', `${ak}/application/o/token/`],
      ['Resource URL', `${ak}/application/o/userinfo/`],
      ['Redirect URL', `${stack.app.url}/`],
      ['Logout URL', `${ak}/application/o/portainer/end-session/`],
      ['User Identifier', 'preferred_username'],
      ['Scopes', 'email openid profile'],
    ];
    await asAdmin(async (page) => {
      await driver.choose(page, 'OAuth', null);
      await driver.choose(page, 'Custom', null);
      for (const [label, value] of guide) await driver.fill(page, label, value);
    });
    expect(await ssoSignIn()).toMatchObject({
      ok: false,
      shown: 'Unable to login via OAuth',
      appMessage: 'Account not created beforehand in Portainer and automatic user provisioning not enabled',
    });
  });

  it('with automatic user provisioning on, the authentik user is signed in to Portainer', async () => {
    await asAdmin((page) => driver.toggle(page, 'Automatic user provisioning', true));
    expect(await ssoSignIn()).toEqual({
      ok: true,
      username: stack.testUser.username,
      apiUsername: stack.testUser.username,
    });
  });

  it('a Redirect URL without its trailing slash ends at authentik\'s "Redirect URI Error"', async () => {
    await asAdmin((page) => driver.fill(page, 'Redirect URL', stack.app.url));
    const result = await ssoSignIn(false);
    expect(result).toMatchObject({ ok: false, shown: 'Redirect URI Error', appMessage: null });
  });

  it('cleanup removes the user SSO created and restores internal authentication', async () => {
    await driver.cleanup(stack);
    const api = new PortainerApi(stack.app.url);
    const jwt = await api.authenticate(stack.app.adminUser, stack.app.adminPassword);
    expect((await api.users(jwt)).map((u) => u.Username)).toEqual([stack.app.adminUser]);
    expect((await api.settings(jwt)).AuthenticationMethod).toBe(1);
  });
});
