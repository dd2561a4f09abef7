/**
 * The flow-executor page object in headless Chromium against the authentik stand-in's login pages (section G:
 * identification then password, inside shadow roots), with a loopback "application" to be sent back to.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthentikApi } from '../../src/authentik/api.js';
import { AuthentikLoginError, AuthentikLoginPage } from '../../src/authentik/login.js';
import type { ProvisionedApp } from '../../src/authentik/provision.js';
import { BROWSER_LOCALE, launchOptions } from '../../src/browser.js';
import { randomSecret } from '../../src/stack/random.js';
import { startServer, type TestServer } from '../support/http.js';
import { startStandin, type AuthentikStandin } from './support/standin.js';

const user = { username: 'docproof-login', email: 'login@docproof.test', name: 'Login Test', password: randomSecret(12) };

describe('AuthentikLoginPage in Chromium', () => {
  let standin: AuthentikStandin;
  let appServer: TestServer;
  let api: AuthentikApi;
  let token: string;
  let provisioned: ProvisionedApp;
  let browser: Browser;

  beforeAll(async () => {
    appServer = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>the application</h1>');
    });
    const started = await startStandin();
    standin = started.standin;
    token = started.token;
    api = new AuthentikApi({ baseUrl: standin.url, token });
    provisioned = await api.provisionOAuth2({
      applicationName: 'Login Test',
      slug: 'login-test',
      providerName: 'Provider for Login Test',
      redirectUris: [{ matchingMode: 'strict', url: `${appServer.url}/`, kind: 'authorization' }],
      signingKey: 'any',
      authorizationFlow: 'implicit',
    });
    await api.ensureUser(user);
    browser = await chromium.launch({ ...launchOptions(), headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.cleanup();
    await standin?.close();
    await appServer?.close();
  });

  async function authorize(redirectUri: string, clientId = provisioned.clientId): Promise<{ page: Page; login: AuthentikLoginPage }> {
    const context = await browser.newContext({ locale: BROWSER_LOCALE });
    const page = await context.newPage();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state: 'state-1',
    });
    await page.goto(`${standin.url}/application/o/authorize/?${query}`);
    return { page, login: new AuthentikLoginPage(page, { timeout: 10_000 }) };
  }

  it('signs in (identification, then password) and lands back at the application with a code', async () => {
    // An existing user is left as it is: its password stays the one it had.
    expect((await api.ensureUser({ ...user, password: 'another-password' })).created).toBe(false);
    const { page, login } = await authorize(`${appServer.url}/`);
    expect(await login.isShown()).toBe(true);
    await login.signIn(user.username, user.password);
    const landed = new URL(page.url());
    expect(landed.origin).toBe(appServer.url);
    expect(landed.searchParams.get('state')).toBe('state-1');
    expect(landed.searchParams.get('code')).toBeTruthy();

    await page.goto(`${standin.url}/application/o/login-test/end-session/`);
    await login.expectSessionEnded();
    await page.context().close();
  });

  it('gives consent when the provider uses the explicit-consent flow', async () => {
    const explicitApi = new AuthentikApi({ baseUrl: standin.url, token });
    try {
      const explicit = await explicitApi.provisionOAuth2({
        applicationName: 'Consent Test',
        slug: 'consent-test',
        providerName: 'Provider for Consent Test',
        redirectUris: [{ matchingMode: 'strict', url: `${appServer.url}/consent`, kind: 'authorization' }],
        signingKey: 'any',
        authorizationFlow: 'explicit',
      });
      const { page, login } = await authorize(`${appServer.url}/consent`, explicit.clientId);
      await login.signIn(user.username, user.password);
      expect(login.consented).toBe("You're about to sign into Consent Test.");
      expect(new URL(page.url()).pathname).toBe('/consent');
      expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
      await page.context().close();
    } finally {
      await explicitApi.cleanup();
    }
  });

  it('reports a wrong password as refused credentials, without the password', async () => {
    const { page, login } = await authorize(`${appServer.url}/`);
    const err = await login.signIn(user.username, 'not-the-password').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthentikLoginError);
    expect((err as AuthentikLoginError).kind).toBe('credentials');
    expect((err as Error).message).not.toContain('not-the-password');
    await page.context().close();
  });

  it('reads the "Redirect URI Error" page for a redirect URI the provider does not allow', async () => {
    const { page, login } = await authorize(appServer.url); // no trailing slash: strict matching refuses it
    expect(await login.redirectUriError()).toMatch(/^Redirect URI Error/);
    expect(await login.isShown(500)).toBe(false);
    const err = await login.signIn(user.username, user.password).catch((e: unknown) => e);
    expect((err as AuthentikLoginError).kind).toBe('redirect-uri');
    await page.context().close();
  });

  it('says where the browser is when the session did not end', async () => {
    const { page } = await authorize(`${appServer.url}/`);
    const login = new AuthentikLoginPage(page, { timeout: 500 });
    await expect(login.expectSessionEnded()).rejects.toThrow(/did not show the session-end page \(at http/);
    expect(await new AuthentikLoginPage(page).redirectUriError()).toBeNull();
    await page.context().close();
  });
});
