/**
 * The stand-in's flow-executor pages in headless Chromium (reference section G): the locators docproof's
 * login page object uses must work on them exactly as on authentik's, shadow DOM included.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BROWSER_LOCALE, launchOptions } from '../../../src/browser.js';
import { startAuthentikStandin, type AuthentikStandin } from './server.js';
import { ADMIN_PASSWORD, TOKEN, createUser, provision, type Provisioned } from './test-client.js';

const PASSWORD = 'browser-user-pw-5e2a';
let ak: AuthentikStandin;
let app: Server;
let appUrl: string;
let browser: Browser;
let implicit: Provisioned;
let explicit: Provisioned;

beforeAll(async () => {
  // The relying party: a loopback page that only shows what it received.
  app = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<h1>app</h1><p id="query">${new URL(req.url ?? '/', 'http://x').searchParams.has('code') ? 'has-code' : 'no-code'}</p>`);
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  [ak, browser] = await Promise.all([
    startAuthentikStandin({ bootstrapToken: TOKEN, bootstrapPassword: ADMIN_PASSWORD }),
    chromium.launch({ ...launchOptions(), headless: true }),
  ]);
  implicit = await provision(ak.url, { slug: 'portainer', name: 'Portainer', redirectUris: [{ mode: 'strict', url: appUrl }] });
  explicit = await provision(ak.url, { slug: 'grafana', name: 'Grafana', redirectUris: [{ mode: 'strict', url: appUrl }], flow: 'explicit' });
  await createUser(ak.url, 'pwuser', 'pwuser@company.test', PASSWORD);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await ak?.close();
  await new Promise<void>((r) => (app ? app.close(() => r()) : r()));
});

function authorize(p: Provisioned, redirectUri = appUrl): string {
  return `${ak.url}/application/o/authorize/?${new URLSearchParams({ client_id: p.clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email profile', state: 'xyz' })}`;
}

async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ locale: BROWSER_LOCALE });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

/** authentik's own SessionFixture steps: identification, then password on a second screen. */
async function login(page: Page, uid: string, password: string): Promise<void> {
  await page.getByLabel('Email or Username').fill(uid);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('authentik stand-in: flow executor pages', () => {
  it('shows identification then password on two screens, inside open shadow roots, and rejects a wrong password', async () => {
    await withPage(async (page) => {
      await page.goto(authorize(implicit));
      await page.waitForURL(/\/if\/flow\/default-authentication-flow\/\?next=/);
      const uid = page.getByLabel('Email or Username');
      await expect(uid.getAttribute('name')).resolves.toBe('uidField');
      await expect(uid.getAttribute('placeholder')).resolves.toBe('Email or Username');
      await expect(uid.getAttribute('autocomplete')).resolves.toBe('username');
      // The helper form for password managers, outside the shadow roots (as on the real 2026.5.0-rc1): an
      // unlabelled input[name=password] that Playwright reports visible, and no field labelled Password.
      expect(await page.locator('input[name="password"]').count()).toBe(1);
      expect(await page.locator('input[name="password"]').isVisible()).toBe(true);
      expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
      // Both levels are open shadow roots: executor → stage element → form.
      const nesting = await page.evaluate(() => {
        const executor = document.querySelector('ak-flow-executor');
        const stage = executor?.shadowRoot?.querySelector('ak-stage-identification');
        return { stage: Boolean(stage), input: Boolean(stage?.shadowRoot?.querySelector('input[name="uidField"]')) };
      });
      expect(nesting).toEqual({ stage: true, input: true });

      await uid.fill('pwuser');
      await page.getByRole('button', { name: 'Log in' }).click();
      const password = page.getByLabel('Password');
      await password.waitFor();
      await expect(password.getAttribute('placeholder')).resolves.toBe('Please enter your password');
      await expect(page.locator('ak-stage-password input[name="username"][type="hidden"]').getAttribute('value')).resolves.toBe('pwuser');
      // No recovery flow on a fresh install, so no "Forgot password?" (as on the real 2026.5.0-rc1).
      expect(await page.getByRole('link', { name: 'Forgot password?' }).count()).toBe(0);
      expect(await page.locator('button[type="submit"][name="continue"]').textContent()).toContain('Continue');

      await password.fill('wrong-password');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/invalid password/i);

      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((u) => u.href.startsWith(appUrl));
      expect(new URL(page.url()).searchParams.get('state')).toBe('xyz');
      expect(await page.locator('#query').textContent()).toBe('has-code');
    });
  });

  it('shows the consent page of the explicit-consent flow', async () => {
    await withPage(async (page) => {
      await page.goto(authorize(explicit));
      await login(page, 'pwuser@company.test', PASSWORD);
      await page.waitForURL(/\/if\/flow\/default-provider-authorization-explicit-consent\//);
      await expect(page.locator('h3[data-test-id="stage-heading"]').textContent()).resolves.toBe("You're about to sign into Grafana.");
      expect(await page.getByText('Application requires following permissions:').count()).toBe(1);
      expect(await page.locator('ul#permissions li').allTextContents()).toEqual(['Email address', 'General Profile Information']);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((u) => u.href.startsWith(appUrl));
    });
  });

  it('shows "Redirect URI Error" and stays on authentik for a redirect URI without its trailing slash', async () => {
    await withPage(async (page) => {
      const response = await page.goto(authorize(implicit, appUrl.replace(/\/$/, '')));
      expect(response?.status()).toBe(400);
      expect(new URL(page.url()).origin).toBe(ak.url);
      await expect(page.locator('.pf-c-title').textContent()).resolves.toBe('Redirect URI Error');
    });
  });

  it('end-session shows "You\'ve logged out of <App>."; after "Log out of authentik" a new authorization asks for login', async () => {
    await withPage(async (page) => {
      await page.goto(authorize(implicit));
      await login(page, 'pwuser', PASSWORD);
      await page.waitForURL((u) => u.href.startsWith(appUrl));

      await page.goto(`${ak.url}/application/o/portainer/end-session/`);
      await page.waitForURL(/\/if\/flow\/default-provider-invalidation-flow\//);
      await page.locator('ak-stage-session-end').waitFor();
      await expect(page.locator('ak-stage-session-end h1.pf-c-title').textContent()).resolves.toBe("You've logged out of Portainer.");
      expect(await page.getByText("You've logged out of Portainer. You can go back").count()).toBe(1);

      // As in authentik, the provider's invalidation flow alone keeps the authentik session: SSO goes straight through.
      await page.goto(authorize(implicit));
      await page.waitForURL((u) => u.href.startsWith(appUrl));

      await page.goto(`${ak.url}/application/o/portainer/end-session/`);
      await page.locator('#logout').click();
      await page.waitForURL(/\/if\/flow\/default-authentication-flow\//);
      await page.goto(authorize(implicit));
      await page.getByLabel('Email or Username').waitFor();
      expect(page.url()).toContain('/if/flow/default-authentication-flow/');
    });
  });

  it('produced only schema-valid API responses', () => {
    expect(ak.schemaViolations).toEqual([]);
  });
});
