/**
 * One client for every supported authentik release line: AuthentikApi against the stand-in serving each line's
 * own schema.yml (2025.12.6, 2026.2.0, 2026.5.6, 2026.8.3), and the one-line refusal of a version outside the
 * window. The generated 2026.8 client's own deserializer is shown to break on the older shapes, so these tests
 * would fail if the stand-in stopped serving them.
 */
import { Configuration, CoreApi } from '@goauthentik/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthentikApi, UnsupportedVersionError } from '../../src/authentik/api.js';
import type { OAuth2AppSpec } from '../../src/authentik/provision.js';
import { serverVersion } from '../../src/authentik/server-version.js';
import { STANDIN_LINES, type StandinLine } from '../standins/authentik/schema.js';
import { startServer } from '../support/http.js';
import { startStandin, type AuthentikStandin } from './support/standin.js';

const spec: OAuth2AppSpec = {
  applicationName: 'Portainer',
  slug: 'portainer',
  providerName: 'Provider for Portainer',
  redirectUris: [
    { matchingMode: 'strict', url: 'https://portainer.example/', kind: 'authorization' },
    { matchingMode: 'strict', url: 'https://portainer.example/logged-out', kind: 'post-logout' },
  ],
  signingKey: 'any',
  authorizationFlow: 'implicit',
};

const PACKAGE_VERSION: Record<StandinLine, string> = { '2026.8': '2026.8.3', '2026.5': '2026.5.6', '2026.2': '2026.2.0', '2025.12': '2025.12.6' };

describe.each(Object.keys(STANDIN_LINES) as StandinLine[])('AuthentikApi against the authentik %s stand-in', (line) => {
  let standin: AuthentikStandin;
  let token: string;
  const typed = line === '2026.5' || line === '2026.8';

  beforeAll(async () => {
    ({ standin, token } = await startStandin(line));
  });
  afterAll(async () => {
    await standin?.close();
    expect(standin?.schemaViolations).toEqual([]);
  });

  it('reads the version first and knows what that version has', async () => {
    const api = new AuthentikApi({ baseUrl: standin.url, token });
    await api.waitReady(10_000);
    const server = await api.server();
    expect(server.version).toBe(PACKAGE_VERSION[line]);
    expect(server.capabilities.redirectUriTypes).toBe(typed);
  });

  it('provisions, reads back what authentik holds, and cleans up', async () => {
    const api = new AuthentikApi({ baseUrl: standin.url, token });
    const app = await api.provisionOAuth2(spec);
    expect(app.clientId).toMatch(/^\w{20,}$/);
    const held = await api.readProvider(app.providerPk);
    if (typed) {
      expect(app.notSent).toEqual([]);
      expect(held.redirect_uris).toEqual([
        { matching_mode: 'strict', url: 'https://portainer.example/', redirect_uri_type: 'authorization' },
        { matching_mode: 'strict', url: 'https://portainer.example/logged-out', redirect_uri_type: 'logout' },
      ]);
    } else {
      // Sent to this version, the post-logout URI would have become a second authorization URI.
      expect(app.notSent.map((u) => u.url)).toEqual(['https://portainer.example/logged-out']);
      expect(held.redirect_uris).toEqual([{ matching_mode: 'strict', url: 'https://portainer.example/' }]);
    }
    expect((await api.ensureUser({ username: `skew-${line}`, email: 'skew@example.com', name: 'Skew', password: 'pw-skew-1234' })).created).toBe(true);
    await api.cleanup();
    expect(api.created).toEqual([]);
  });

  it(`the generated 2026.8 client's own deserializer ${line === '2026.8' ? 'reads' : 'cannot read'} this version's /core/users/me/`, async () => {
    const me = new CoreApi(new Configuration({ basePath: `${standin.url}/api/v3`, accessToken: token })).coreUsersMeRetrieve();
    if (line === '2026.8') await expect(me).resolves.toHaveProperty('user');
    else await expect(me).rejects.toThrow(/Cannot read properties of undefined/);
  });
});

describe('an authentik outside the supported window', () => {
  it.each([
    ['2025.10.3', /is authentik 2025\.10\.3; docproof supports the release lines 2025\.12 to 2026\.8$/],
    ['2026.11.0-rc1', /is authentik 2026\.11\.0-rc1; docproof supports the release lines 2025\.12 to 2026\.8$/],
    ['nightly', /reports version "nightly", which is not an authentik release/],
  ])('%s is refused at once, in one line', async (version, message) => {
    let requests = 0;
    const server = await startServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/api/v3/admin/version/') ? JSON.stringify({ version_current: version }) : '{}');
    });
    try {
      const api = new AuthentikApi({ baseUrl: server.url, token: 'tok-secret-123456' });
      const started = Date.now();
      const err = await api.waitReady(20_000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsupportedVersionError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toContain(`authentik at ${server.url} `);
      expect((err as Error).message).not.toContain('\n');
      expect(Date.now() - started).toBeLessThan(5_000); // no waiting for a version to change
      expect(requests).toBe(2); // health, then the version: nothing else was asked
    } finally {
      await server.close();
    }
  });
});

describe('serverVersion', () => {
  it.each([
    ['2025.12.4', '2025.12', false],
    ['2026.2.2', '2026.2', false],
    ['2026.5.0-rc1', '2026.5', true],
    ['2026.8.3', '2026.8', true],
  ])('%s is line %s (redirect URI types: %s)', (v, line, typed) => {
    const r = serverVersion(v);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(`${r.value.line.year}.${r.value.line.month}`).toBe(line);
      expect(r.value.capabilities.redirectUriTypes).toBe(typed);
    }
  });
});
