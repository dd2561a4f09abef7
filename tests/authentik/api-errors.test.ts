/**
 * How AuthentikApi fails: one line with what was tried, the status and authentik's error body, and never the
 * token, even from a server that echoes the Authorization header back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuthentikApi } from '../../src/authentik/api.js';
import { AuthentikApiError } from '../../src/authentik/errors.js';
import { closedPort, startServer, type TestServer } from '../support/http.js';

const TOKEN = 'tok-3f9c2b7e-secret-value';
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/**
 * Answers every request with `status` and a JSON body that repeats the request's Authorization header; with
 * `version`, GET /api/v3/admin/version/ answers 200 with it.
 */
async function echoingServer(status: number, version?: string): Promise<TestServer> {
  return startServer((req, res) => {
    req.resume();
    if (version && req.url === '/api/v3/admin/version/') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version_current: version }));
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ detail: `rejected: header was ${req.headers.authorization ?? 'none'}`, path: req.url }));
  });
}

async function failureOf(p: Promise<unknown>): Promise<AuthentikApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthentikApiError);
  return err as AuthentikApiError;
}

describe('AuthentikApi errors', () => {
  it('names the status and the body of an API error on one line, with the token masked', async () => {
    server = await echoingServer(403);
    const api = new AuthentikApi({ baseUrl: server.url, token: TOKEN });
    const err = await failureOf(api.version());
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/^authentik API: read the version failed: HTTP 403 Forbidden from \/api\/v3\/admin\/version\/: /);
    expect(err.message).toContain('rejected: header was Bearer ***');
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).not.toContain('\n');
    expect(String(err.stack)).not.toContain(TOKEN);
  });

  it('masks the token in provisioning errors too', async () => {
    // The version is read first and answers; the provisioning call after it is refused.
    server = await echoingServer(400, '2026.8.3');
    const api = new AuthentikApi({ baseUrl: `${server.url}/`, token: TOKEN });
    const err = await failureOf(
      api.provisionOAuth2({
        applicationName: 'Portainer',
        slug: 'portainer',
        providerName: 'Provider for Portainer',
        redirectUris: [],
        signingKey: 'any',
        authorizationFlow: 'implicit',
      }),
    );
    expect(err.message).toContain('HTTP 400');
    expect(err.message).toContain('/api/v3/flows/instances/?slug=default-provider-authorization-implicit-consent');
    expect(err.message).not.toContain(TOKEN);
  });

  it('says which instance could not be reached', async () => {
    const port = await closedPort();
    const api = new AuthentikApi({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN });
    const err = await failureOf(api.version());
    expect(err.status).toBeNull();
    expect(err.message).toBe(`authentik API: read the version failed: cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('waitReady gives up at the deadline naming the step that still fails', async () => {
    server = await startServer((req, res) => {
      req.resume();
      if (req.url === '/-/health/ready/') res.writeHead(200).end();
      else res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: `bad ${req.headers.authorization}` }));
    });
    const api = new AuthentikApi({ baseUrl: server.url, token: TOKEN });
    const started = Date.now();
    const err = await failureOf(api.waitReady(1200));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.message).toMatch(/^authentik at http:\/\/127\.0\.0\.1:\d+ not ready after \d+\.\ds: authentik API: read the version failed: HTTP 403/);
    expect(err.message).not.toContain(TOKEN);
  });

  it('waitReady reports an unhealthy instance', async () => {
    server = await startServer((req, res) => {
      req.resume();
      res.writeHead(503).end();
    });
    const api = new AuthentikApi({ baseUrl: server.url, token: TOKEN });
    const err = await failureOf(api.waitReady(Date.now() + 600));
    expect(err.message).toMatch(/not ready after .*: GET \/-\/health\/ready\/ answered 503$/);
  });

  describe('a call that may be repeated (the password of a user it just made)', () => {
    /** Creates users; set_password answers 500 `failures` times, then 200. */
    async function userServer(failures: number): Promise<{ tries: () => number }> {
      let tries = 0;
      server = await startServer((req, res) => {
        req.resume();
        const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (req.method === 'GET' && req.url?.startsWith('/api/v3/core/users/?')) return json(200, { pagination: { next: 0, count: 0 }, results: [] });
        if (req.method === 'POST' && req.url === '/api/v3/core/users/') return json(201, { pk: 46, username: 'docproof-u' });
        if (req.method === 'POST' && req.url === '/api/v3/core/users/46/set_password/') {
          tries++;
          if (tries <= failures) return json(500, { detail: 'Internal Server Error' });
          res.writeHead(204).end();
          return;
        }
        json(404, { detail: 'Not found.' });
      });
      return { tries: () => tries };
    }
    const user = { username: 'docproof-u', email: 'u@docproof.example.com', name: 'U', password: 'pw-retry-secret' };

    it('is tried again after an HTTP 5xx', async () => {
      const s = await userServer(1);
      const api = new AuthentikApi({ baseUrl: server!.url, token: TOKEN });
      expect(await api.ensureUser(user)).toEqual({ pk: 46, created: true });
      expect(s.tries()).toBe(2);
    });

    it('fails on the third HTTP 5xx, naming the call once', async () => {
      const s = await userServer(Infinity);
      const api = new AuthentikApi({ baseUrl: server!.url, token: TOKEN });
      const err = await failureOf(api.ensureUser(user));
      expect(s.tries()).toBe(3);
      expect(err.status).toBe(500);
      expect(err.message).toMatch(/^authentik API: set the password of user "docproof-u" failed: HTTP 500/);
      expect(err.message).not.toContain(user.password);
    });
  });

  it('asks again when a read is answered with an HTTP 5xx (a recycled gunicorn worker), and gives up at the third', async () => {
    let reads = 0;
    server = await startServer((req, res) => {
      req.resume();
      reads++;
      if (reads === 1) return res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      if (req.url === '/api/v3/admin/version/' && reads < 5) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version_current: '2026.5.0' }));
      res.writeHead(502).end();
    });
    const api = new AuthentikApi({ baseUrl: server.url, token: TOKEN });
    expect(await api.version()).toBe('2026.5.0');
    expect(reads).toBe(2);
    reads = 10;
    const err = await failureOf(api.version());
    expect(err.status).toBe(502);
    expect(reads).toBe(13);
  });

  it('refuses a base URL that is not absolute', () => {
    expect(() => new AuthentikApi({ baseUrl: 'authentik.company', token: TOKEN })).toThrow(/not an absolute URL/);
  });
});
