/**
 * AuthentikApi against the authentik stand-in (a real HTTP server that validates every request and response
 * against the schema.yml shipped in @goauthentik/api): provision, read back what authentik holds, clean up.
 */
import { Configuration, CoreApi, CryptoApi, FlowsApi, PropertymappingsApi, ProvidersApi } from '@goauthentik/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUTHENTIK_CLIENT_VERSION, AuthentikApi, type CreatedObject } from '../../src/authentik/api.js';
import { AuthentikApiError } from '../../src/authentik/errors.js';
import { DEFAULT_SCOPE_MANAGED, type OAuth2AppSpec } from '../../src/authentik/provision.js';
import { readJournal, record, sweep } from '../../src/run/journal.js';
import { startStandin, type AuthentikStandin } from './support/standin.js';

const spec: OAuth2AppSpec = {
  applicationName: 'Portainer',
  slug: 'portainer',
  providerName: 'Provider for Portainer',
  redirectUris: [{ matchingMode: 'strict', url: 'http://127.0.0.1:9/', kind: 'authorization' }],
  signingKey: 'any',
  authorizationFlow: 'implicit',
};

describe('AuthentikApi against the authentik stand-in', () => {
  let standin: AuthentikStandin;
  let token: string;
  /** A second, independent client to look at what authentik holds. */
  let config: Configuration;

  beforeAll(async () => {
    ({ standin, token } = await startStandin());
    config = new Configuration({ basePath: `${standin.url}/api/v3`, accessToken: token });
  });
  afterAll(async () => {
    await standin?.close();
    // Every request we sent and every answer we read matched authentik's schema.yml.
    expect(standin?.schemaViolations).toEqual([]);
  });

  it('waits until ready and reads the version', async () => {
    const api = new AuthentikApi({ baseUrl: standin.url, token });
    await api.waitReady(10_000);
    expect(await api.version()).toBe(standin.version);
    expect(standin.version).toBe(AUTHENTIK_CLIENT_VERSION);
  });

  it("provisions with the wizard's defaults, and cleanup leaves nothing", async () => {
    const api = new AuthentikApi({ baseUrl: `${standin.url}/`, token });
    const app = await api.provisionOAuth2(spec);
    expect(app.slug).toBe('portainer');
    expect(app.clientId).toMatch(/^\w{20,}$/);
    expect(app.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(app.issuer).toBe(`${standin.url}/application/o/portainer/`);

    const provider = await new ProvidersApi(config).providersOauth2Retrieve({ id: app.providerPk });
    const managed = await new PropertymappingsApi(config).propertymappingsProviderScopeList({ managed: [...DEFAULT_SCOPE_MANAGED] });
    const flows = await new FlowsApi(config).flowsInstancesList({});
    const flowPk = (slug: string) => flows.results.find((f) => f.slug === slug)?.pk;
    const keys = await new CryptoApi(config).cryptoCertificatekeypairsList({ name: 'authentik Self-signed Certificate' });
    expect(provider.name).toBe('Provider for Portainer');
    expect(provider.clientType).toBe('confidential');
    expect(provider.clientId).toBe(app.clientId);
    expect([...(provider.propertyMappings ?? [])].sort()).toEqual(managed.results.map((m) => m.pk).sort());
    expect(managed.results).toHaveLength(3);
    expect(provider.authorizationFlow).toBe(flowPk('default-provider-authorization-implicit-consent'));
    expect(provider.invalidationFlow).toBe(flowPk('default-provider-invalidation-flow'));
    expect(provider.signingKey).toBe(keys.results[0]?.pk);
    expect(provider.subMode).toBe('hashed_user_id');
    expect(provider.redirectUris).toEqual([{ matchingMode: 'strict', url: 'http://127.0.0.1:9/', redirectUriType: 'authorization' }]);
    const application = await new CoreApi(config).coreApplicationsRetrieve({ slug: 'portainer' });
    expect(application.provider).toBe(app.providerPk);
    expect(application.name).toBe('Portainer');

    const user = await api.ensureUser({ username: 'docproof-user', email: 'user@docproof.test', name: 'Docproof User', password: 'pw-1-secret' });
    expect(user.created).toBe(true);
    expect(await api.ensureUser({ username: 'docproof-user', email: 'user@docproof.test', name: 'Docproof User', password: 'pw-2-secret' })).toEqual({
      pk: user.pk,
      created: false,
    });
    expect(api.created.map((o) => o.kind)).toEqual(['provider', 'application', 'user']);

    await api.cleanup();
    expect(api.created).toEqual([]);
    const core = new CoreApi(config);
    expect((await core.coreApplicationsList({ slug: 'portainer' })).results).toEqual([]);
    expect((await new ProvidersApi(config).providersOauth2List({})).results).toEqual([]);
    expect((await core.coreUsersList({ username: 'docproof-user' })).results).toEqual([]);
    expect((await core.coreUsersList({ username: 'akadmin' })).results).toHaveLength(1);
    await api.cleanup(); // nothing left: a no-op
  });

  it('cleanup tolerates objects already gone, and keeps users it did not create', async () => {
    const api = new AuthentikApi({ baseUrl: standin.url, token });
    await api.provisionOAuth2(spec);
    expect((await api.ensureUser({ username: 'akadmin', email: 'root@example.com', name: 'admin', password: 'x-secret-1' })).created).toBe(false);
    await new CoreApi(config).coreApplicationsDestroy({ slug: 'portainer' });
    await api.cleanup();
    expect((await new ProvidersApi(config).providersOauth2List({})).results).toEqual([]);
    expect((await new CoreApi(config).coreUsersList({ username: 'akadmin' })).results).toHaveLength(1);
  });

  it('refuses to provision over an existing application with a clear message', async () => {
    const first = new AuthentikApi({ baseUrl: standin.url, token });
    await first.provisionOAuth2(spec);
    try {
      const second = new AuthentikApi({ baseUrl: standin.url, token });
      const err = await second.provisionOAuth2(spec).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthentikApiError);
      expect((err as Error).message).toMatch(/already has an application with slug "portainer"/);
      expect(second.created).toEqual([]);
    } finally {
      await first.cleanup();
    }
  });

  it('passes authentik validation errors on with status and body', async () => {
    const api = new AuthentikApi({ baseUrl: standin.url, token });
    const err = await api.provisionOAuth2({ ...spec, slug: 'token' }).catch((e: unknown) => e);
    try {
      expect(err).toBeInstanceOf(AuthentikApiError);
      expect((err as AuthentikApiError).status).toBe(400);
      expect((err as Error).message).toMatch(/create application "token" failed: HTTP 400 .*slug/);
      expect((err as Error).message).not.toContain(token);
    } finally {
      await api.cleanup(); // the provider was created before the application failed
    }
    expect((await new ProvidersApi(config).providersOauth2List({})).results).toEqual([]);
  });

  it('hands each object to onCreated as it is created, so a run can journal it; the sweep removes it without cleanup()', async () => {
    const journal = path.join(mkdtempSync(path.join(tmpdir(), 'docproof-journal-')), 'journal.jsonl');
    const seen: CreatedObject[] = [];
    const api = new AuthentikApi({ baseUrl: standin.url, token, onCreated: (o) => (seen.push(o), record(journal, o)) });
    // The application is refused after the provider was created: the provider is journalled all the same.
    await expect(api.provisionOAuth2({ ...spec, slug: 'token' })).rejects.toThrow(/create application "token" failed/);
    expect(seen).toEqual([{ kind: 'provider', pk: expect.any(Number), name: 'Provider for Portainer' }]);
    expect(readJournal(journal)).toEqual(seen);
    expect(await sweep(journal, { url: standin.url, token })).toEqual(['provider Provider for Portainer']);
    expect((await new ProvidersApi(config).providersOauth2List({})).results).toEqual([]);
    expect(await sweep(journal, { url: standin.url, token })).toEqual([]); // already gone: 404 is fine
  });
});
