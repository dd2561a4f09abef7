/**
 * Where the browser was sent: the pure reading of a navigation chain, then the log and its guard in Chromium with
 * two loopback "services" (an authentik and an application), and the forwarder that gives a service a second address.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOptions } from '../../src/browser.js';
import { startForwarder } from '../../src/run/forward.js';
import { landing, NavLog, withoutQuery, type NavEntry } from '../../src/run/navigation.js';
import { closedPort, startServer, type TestServer } from '../support/http.js';

const origins = { authentik: ['http://127.0.0.1:9000'], app: ['http://127.0.0.2:9000'] };
const e = (url: string, status: number | null, more: Partial<NavEntry> = {}): NavEntry => ({ url, status, failure: null, blocked: false, ...more });

describe('landing: where a chain of navigations has led', () => {
  it('authentik answering is where the login page object takes over (its error pages included)', () => {
    expect(landing([e('http://127.0.0.1:9000/application/o/authorize/?x', 302), e('http://127.0.0.1:9000/if/flow/x/', 200)], origins)).toMatchObject({ kind: 'authentik' });
    expect(landing([e('http://127.0.0.1:9000/application/o/authorize/?x', 400)], origins)).toMatchObject({ kind: 'authentik' });
  });
  it('authentik answering 404 is no such endpoint', () => {
    expect(landing([e('http://127.0.0.1:9000/application/o/grafana/end-session/', 404)], origins)).toMatchObject({ kind: 'not-found' });
  });
  it('a blocked or failed request is known at once; a still-running one is pending', () => {
    expect(landing([e('https://sso.company/authorize/', null, { blocked: true })], origins)).toMatchObject({ kind: 'blocked' });
    expect(landing([e('http://127.0.0.3:1/x', null, { failure: 'net::ERR_CONNECTION_REFUSED' })], origins)).toMatchObject({ kind: 'unreachable' });
    expect(landing([e('http://127.0.0.1:9000/x', null)], origins)).toEqual({ kind: 'pending' });
    expect(landing([], origins)).toEqual({ kind: 'pending' });
  });
  it("the application's own page, or another, at the end of the chain is not authentik", () => {
    expect(landing([e('http://127.0.0.2:9000/application/o/authorize/?x', 404)], origins)).toMatchObject({ kind: 'elsewhere', service: 'app' });
    expect(landing([e('http://127.0.0.9:80/', 302), e('http://127.0.0.9:80/home', 200)], origins)).toMatchObject({ kind: 'elsewhere', service: null });
    expect(landing([e('http://127.0.0.9:80/', 302)], origins)).toEqual({ kind: 'pending' });
  });
  it('compares URLs without their query', () => {
    expect(withoutQuery('http://127.0.0.1:9000/application/o/authorize/?a=b#c')).toBe('http://127.0.0.1:9000/application/o/authorize/');
  });
});

describe('NavLog in Chromium', () => {
  let authentik: TestServer;
  let app: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    authentik = await startServer((req, res) => {
      req.resume();
      if (req.url?.startsWith('/application/o/authorize/')) res.writeHead(302, { location: '/if/flow/login/' }).end();
      else if (req.url === '/if/flow/login/') res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>login</h1>');
      else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    });
    app = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>the application</h1>');
    });
    browser = await chromium.launch({ ...launchOptions(), headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await authentik?.close();
    await app?.close();
  });

  async function sentTo(url: string, extraKnown: string[] = []) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const known = new Set([authentik.url, app.url, ...extraKnown]);
    const nav = new NavLog(page, (o) => known.has(o));
    await nav.guard(context);
    await page.goto(app.url);
    const mark = nav.mark();
    const started = Date.now();
    await page.evaluate((u) => void (window.location.href = u), url);
    const l = await nav.landing(mark, url, { authentik: [authentik.url], app: [app.url] }, 5_000);
    const ms = Date.now() - started;
    await context.close();
    return { l, ms };
  }

  it('follows a redirect chain into authentik', async () => {
    const { l } = await sentTo(`${authentik.url}/application/o/authorize/?client_id=x`);
    expect(l).toMatchObject({ kind: 'authentik', entry: { status: 302 } });
  });
  it('sees authentik answer 404 at once', async () => {
    const { l, ms } = await sentTo(`${authentik.url}/application/o/grafana/end-session/`);
    expect(l).toMatchObject({ kind: 'not-found' });
    expect(ms).toBeLessThan(3_000);
  });
  it('does not send the browser to a host the run does not know, and says so at once', async () => {
    const { l, ms } = await sentTo('https://sso.company/application/o/authorize/?client_id=x');
    expect(l).toMatchObject({ kind: 'blocked', entry: { url: 'https://sso.company/application/o/authorize/?client_id=x' } });
    expect(ms).toBeLessThan(3_000);
  });
  it('tells a known address that does not answer', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const { l } = await sentTo(`${dead}/application/o/authorize/`, [dead]);
    expect(l).toMatchObject({ kind: 'unreachable' });
    expect(l.kind === 'unreachable' && l.entry.failure).toMatch(/ERR_CONNECTION_REFUSED/);
  });
  it("tells the application's own page from authentik", async () => {
    const { l } = await sentTo(`${app.url}/application/o/authorize/?client_id=x`);
    expect(l).toMatchObject({ kind: 'elsewhere', service: 'app', entry: { status: 200 } });
  });
});

describe('startForwarder: a second address of a service', () => {
  it('reaches the same service at another port, and stops', async () => {
    const service = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`host ${req.headers.host} path ${req.url}`);
    });
    const f = await startForwarder(`${service.url}/`);
    try {
      expect(f.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(f.url).not.toBe(service.url);
      expect(f.target).toBe(service.url);
      const r = await fetch(`${f.url}/x?y=1`);
      expect(await r.text()).toBe(`host ${new URL(f.url).host} path /x?y=1`);
    } finally {
      await f.close();
      await service.close();
    }
    await expect(fetch(`${f.url}/`)).rejects.toThrow();
  });
});
