/**
 * The authentik stand-in's admin API, checked against the reference (section D) and authentik's schema.yml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseError } from '@goauthentik/api';
import { startAuthentikStandin, type AuthentikStandin } from './server.js';
import { ADMIN_PASSWORD, TOKEN, apis, provision } from './test-client.js';

let ak: AuthentikStandin;
const log: string[] = [];

beforeAll(async () => {
  ak = await startAuthentikStandin({ bootstrapToken: TOKEN, bootstrapPassword: ADMIN_PASSWORD, log: (l) => log.push(l) });
});
afterAll(async () => {
  await ak?.close();
});

async function raw(path: string, init: RequestInit & { token?: string | null } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  const res = await fetch(`${ak.url}/api/v3${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function flowPk(slug: string): Promise<string> {
  return (await apis(ak.url).flows.flowsInstancesList({ slug })).results[0]!.pk;
}

describe('authentik stand-in: admin API', () => {
  it('reports version 2026.8.3 in the Version shape', async () => {
    expect(ak.version).toBe('2026.8.3');
    const version = await apis(ak.url).core; // the client is importable and configured
    expect(version).toBeDefined();
    const { status, body } = await raw('/admin/version/');
    expect(status).toBe(200);
    expect(body).toMatchObject({ version_current: '2026.8.3', outdated: false });
  });

  it('refuses an unknown or missing token the way DRF does for authentik: 403 {detail}', async () => {
    expect(await raw('/core/users/me/', { token: 'not-a-token' })).toEqual({ status: 403, body: { detail: 'Token invalid/expired' } });
    expect(await raw('/core/users/me/', { token: null })).toEqual({ status: 403, body: { detail: 'Authentication credentials were not provided.' } });
    // Authentication comes before validation: a bad body without credentials is still 403.
    expect((await raw('/providers/oauth2/', { method: 'POST', body: '{}', token: 'nope' })).status).toBe(403);
    await expect(apis(ak.url, 'wrong').core.coreUsersMeRetrieve()).rejects.toBeInstanceOf(ResponseError);
  });

  it('has the packaged default flows, the self-signed key and the managed scope mappings', async () => {
    const api = apis(ak.url);
    for (const slug of [
      'default-authentication-flow',
      'default-invalidation-flow',
      'default-provider-authorization-implicit-consent',
      'default-provider-authorization-explicit-consent',
      'default-provider-invalidation-flow',
    ]) {
      const { results } = await api.flows.flowsInstancesList({ slug });
      expect(results.map((f) => f.slug)).toEqual([slug]);
    }
    expect((await api.flows.flowsInstancesList({ slug: 'no-such-flow' })).results).toEqual([]);
    const keys = await api.crypto.cryptoCertificatekeypairsList({ name: 'authentik Self-signed Certificate', hasKey: true });
    expect(keys.results).toHaveLength(1);
    expect(keys.results[0]!.privateKeyAvailable).toBe(true);
    const scopes = await api.mappings.propertymappingsProviderScopeList({
      managed: ['goauthentik.io/providers/oauth2/scope-openid', 'goauthentik.io/providers/oauth2/scope-email', 'goauthentik.io/providers/oauth2/scope-profile'],
    });
    expect(scopes.results.map((m) => m.scopeName).sort()).toEqual(['email', 'openid', 'profile']);
    expect(scopes.results.find((m) => m.scopeName === 'email')!.name).toBe("authentik default OAuth Mapping: OpenID 'email'");
    expect((await api.mappings.propertymappingsProviderScopeList({ scopeName: 'offline_access' })).results).toHaveLength(1);
  });

  it('validates request bodies against schema.yml: redirect_uris as a string (pre-2024.8 format) is a 400', async () => {
    const body = { name: 'old format', authorization_flow: await flowPk('default-provider-authorization-implicit-consent'), invalidation_flow: await flowPk('default-provider-invalidation-flow'), redirect_uris: 'https://app.company/\nhttps://other.company/' };
    const res = await raw('/providers/oauth2/', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(res.body.redirect_uris).toEqual(['Expected a list of items but got type "str".']);
  });

  it('requires authorization_flow, invalidation_flow and redirect_uris, and flows by UUID (not slug)', async () => {
    const missing = await raw('/providers/oauth2/', { method: 'POST', body: JSON.stringify({ name: 'incomplete' }) });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ authorization_flow: ['This field is required.'], invalidation_flow: ['This field is required.'], redirect_uris: ['This field is required.'] });
    const bySlug = await raw('/providers/oauth2/', {
      method: 'POST',
      body: JSON.stringify({ name: 'slugs', authorization_flow: 'default-provider-authorization-implicit-consent', invalidation_flow: await flowPk('default-provider-invalidation-flow'), redirect_uris: [] }),
    });
    expect(bySlug.status).toBe(400);
    expect(bySlug.body.authorization_flow).toEqual(['Must be a valid UUID.']);
  });

  it('creates a provider with authentik defaults: random 40/128-char client id/secret, confidential, only the mappings sent', async () => {
    const api = apis(ak.url);
    const provider = await api.providers.providersOauth2Create({
      oAuth2ProviderRequest: {
        name: 'defaults',
        authorizationFlow: await flowPk('default-provider-authorization-implicit-consent'),
        invalidationFlow: await flowPk('default-provider-invalidation-flow'),
        redirectUris: [{ matchingMode: 'strict' as never, url: 'https://app.company/' }],
      },
    });
    expect(provider.clientId).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(provider.clientSecret).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(provider.clientType).toBe('confidential');
    expect(provider.propertyMappings).toEqual([]);
    expect(provider.subMode).toBe('hashed_user_id');
    expect(provider.issuerMode).toBe('per_provider');
    expect((await api.providers.providersOauth2Retrieve({ id: provider.pk })).name).toBe('defaults');
    const duplicate = await raw('/providers/oauth2/', {
      method: 'POST',
      body: JSON.stringify({ name: 'defaults', authorization_flow: provider.authorizationFlow, invalidation_flow: provider.invalidationFlow, redirect_uris: [] }),
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.name).toEqual(['provider with this name already exists.']);
    await api.providers.providersOauth2Destroy({ id: provider.pk });
    expect((await raw(`/providers/oauth2/${provider.pk}/`)).status).toBe(404);
  });

  it('rejects an invalid regex redirect URI with "Invalid Regex Pattern"', async () => {
    const res = await raw('/providers/oauth2/', {
      method: 'POST',
      body: JSON.stringify({
        name: 'bad regex',
        authorization_flow: await flowPk('default-provider-authorization-implicit-consent'),
        invalidation_flow: await flowPk('default-provider-invalidation-flow'),
        redirect_uris: [{ matching_mode: 'regex', url: 'https://app.company/(unclosed' }],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.redirect_uris).toEqual(['Invalid Regex Pattern']);
  });

  it('checks application slugs: valid, unique, not reserved', async () => {
    const api = apis(ak.url);
    expect((await raw('/core/applications/', { method: 'POST', body: JSON.stringify({ name: 'x', slug: 'has spaces' }) })).status).toBe(400);
    for (const reserved of ['authorize', 'token', 'device', 'userinfo', 'introspect', 'revoke']) {
      const res = await raw('/core/applications/', { method: 'POST', body: JSON.stringify({ name: 'x', slug: reserved }) });
      expect(res.status, reserved).toBe(400);
      expect(res.body.slug).toBeDefined();
    }
    await api.core.coreApplicationsCreate({ applicationRequest: { name: 'Unique', slug: 'unique' } });
    const again = await raw('/core/applications/', { method: 'POST', body: JSON.stringify({ name: 'Unique 2', slug: 'unique' }) });
    expect(again.status).toBe(400);
    expect(again.body.slug).toEqual(['application with this slug already exists.']);
    expect((await api.core.coreApplicationsList({ slug: 'unique' })).results).toHaveLength(1);
    expect((await api.core.coreApplicationsRetrieve({ slug: 'unique' })).name).toBe('Unique');
    await api.core.coreApplicationsDestroy({ slug: 'unique' });
    expect((await api.core.coreApplicationsList({ slug: 'unique' })).results).toHaveLength(0);
  });

  it('serves setup_urls only once an application is attached, with the per-slug URLs of section C', async () => {
    const api = apis(ak.url);
    const provider = await api.providers.providersOauth2Create({
      oAuth2ProviderRequest: {
        name: 'setup urls',
        authorizationFlow: await flowPk('default-provider-authorization-implicit-consent'),
        invalidationFlow: await flowPk('default-provider-invalidation-flow'),
        redirectUris: [],
      },
    });
    expect((await raw(`/providers/oauth2/${provider.pk}/setup_urls/`)).status).toBe(404);
    await api.core.coreApplicationsCreate({ applicationRequest: { name: 'Setup', slug: 'setup', provider: provider.pk } });
    const urls = await api.providers.providersOauth2SetupUrlsRetrieve({ id: provider.pk });
    expect(urls).toMatchObject({
      issuer: `${ak.url}/application/o/setup/`,
      authorize: `${ak.url}/application/o/authorize/`,
      token: `${ak.url}/application/o/token/`,
      userInfo: `${ak.url}/application/o/userinfo/`,
      providerInfo: `${ak.url}/application/o/setup/.well-known/openid-configuration`,
      logout: `${ak.url}/application/o/setup/end-session/`,
      jwks: `${ak.url}/application/o/setup/jwks/`,
    });
  });

  it('creates provider and application in one transactional PUT, refusing a provider the schema rejects', async () => {
    const api = apis(ak.url);
    const result = await api.core.coreTransactionalApplicationsUpdate({
      transactionApplicationRequest: {
        app: { name: 'Transactional', slug: 'transactional' },
        providerModel: 'authentik_providers_oauth2.oauth2provider' as never,
        provider: {
          name: 'transactional provider',
          authorization_flow: await flowPk('default-provider-authorization-explicit-consent'),
          invalidation_flow: await flowPk('default-provider-invalidation-flow'),
          redirect_uris: [{ matching_mode: 'strict', url: 'https://t.company/' }],
        } as never,
      },
    });
    expect(result.applied).toBe(true);
    const app = await api.core.coreApplicationsRetrieve({ slug: 'transactional' });
    expect(app.providerObj?.name).toBe('transactional provider');
    const bad = await raw('/core/transactional/applications/', {
      method: 'PUT',
      body: JSON.stringify({ app: { name: 'T2', slug: 't2' }, provider_model: 'authentik_providers_oauth2.oauth2provider', provider: { name: 'p2', redirect_uris: 'https://x/' } }),
    });
    expect(bad.status).toBe(400);
    expect((await api.core.coreApplicationsList({ slug: 't2' })).results).toHaveLength(0);
  });

  it('manages users: create without usable password, set_password, list by username, destroy', async () => {
    const api = apis(ak.url);
    const user = await api.core.coreUsersCreate({ userRequest: { username: 'jane', name: 'Jane Doe', email: 'jane@company.test' } });
    expect(user.uid).toMatch(/^[0-9a-f]{64}$/);
    await api.core.coreUsersSetPasswordCreate({ id: user.pk, userPasswordSetRequest: { password: 'jane-pw-1' } });
    expect((await api.core.coreUsersList({ username: 'jane' })).results.map((u) => u.pk)).toEqual([user.pk]);
    const dup = await raw('/core/users/', { method: 'POST', body: JSON.stringify({ username: 'jane', name: 'Jane 2' }) });
    expect(dup.status).toBe(400);
    await api.core.coreUsersDestroy({ id: user.pk });
    expect((await api.core.coreUsersList({ username: 'jane' })).results).toEqual([]);
    const me = await api.core.coreUsersMeRetrieve();
    expect(me.user.username).toBe('akadmin');
    expect(me.user.isSuperuser).toBe(true);
    expect((await raw('/root/config/', { token: null })).status).toBe(200);
  });

  it('provisions as a driver would, through @goauthentik/api', async () => {
    const p = await provision(ak.url, { slug: 'provisioned', redirectUris: [{ mode: 'strict', url: 'https://p.company/' }] });
    expect(p.provider.propertyMappings).toHaveLength(3);
    expect(p.provider.assignedApplicationSlug).toBe('');
    const reread = await apis(ak.url).providers.providersOauth2Retrieve({ id: p.provider.pk });
    expect(reread.assignedApplicationSlug).toBe('provisioned');
  });

  it('produced only responses that schema.yml accepts, and logged no secret', () => {
    expect(ak.schemaViolations).toEqual([]);
    expect(log.length).toBeGreaterThan(20);
    const all = log.join('\n');
    for (const secret of [TOKEN, ADMIN_PASSWORD, 'jane-pw-1']) expect(all).not.toContain(secret);
  });
});
