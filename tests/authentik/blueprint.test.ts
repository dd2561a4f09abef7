import { isSeq, parseDocument, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BlueprintTag, blueprintFor, parseBlueprint } from '../../src/authentik/blueprint.js';
import type { OAuth2AppSpec } from '../../src/authentik/provision.js';
import { componentSchemas, enumValues } from './support/schema.js';

const spec: OAuth2AppSpec = {
  applicationName: 'Portainer',
  slug: 'portainer',
  providerName: 'Provider for Portainer',
  redirectUris: [
    { matchingMode: 'strict', url: 'https://portainer.company/', kind: 'authorization' },
    { matchingMode: 'regex', url: 'https://portainer\\.company/logout/.*', kind: 'post-logout' },
  ],
  signingKey: 'any',
  authorizationFlow: 'implicit',
  extraScopeMappings: ['groups', 'goauthentik.io/providers/oauth2/scope-offline_access'],
};

interface Entry {
  model: string;
  id?: string;
  identifiers: Record<string, unknown>;
  attrs: Record<string, unknown>;
}
interface Blueprint {
  version: number;
  metadata: { name: string };
  entries: Entry[];
}

const find = (model: string, field: string, value: string) => new BlueprintTag('!Find', [model, [field, value]]);

describe('blueprintFor', () => {
  const text = blueprintFor(spec, { source: 'docs/integrations/portainer/index.md' });
  const bp = parseBlueprint(text) as Blueprint;
  const [provider, application] = bp.entries;

  it('is version 1 with the provider first and the application second', () => {
    expect(bp.version).toBe(1);
    expect(bp.metadata.name).toBe('docproof: Portainer');
    expect(bp.entries.map((e) => e.model)).toEqual(['authentik_providers_oauth2.oauth2provider', 'authentik_core.application']);
  });

  it('writes !Find and !KeyOf as real YAML tags', () => {
    const doc = parseDocument(text);
    const flow = doc.getIn(['entries', 0, 'attrs', 'authorization_flow'], true) as Node;
    expect(flow.tag).toBe('!Find');
    expect(isSeq(flow)).toBe(true);
    expect((doc.getIn(['entries', 1, 'attrs', 'provider'], true) as Node).tag).toBe('!KeyOf');
    expect(text).toMatch(/^\s+authorization_flow: !Find \[/m);
    expect(text).toMatch(/^\s+provider: !KeyOf provider$/m);
  });

  it("carries the guide's values and the wizard's defaults", () => {
    expect(provider?.identifiers).toEqual({ name: 'Provider for Portainer' });
    expect(provider?.attrs).toEqual({
      authorization_flow: find('authentik_flows.flow', 'slug', 'default-provider-authorization-implicit-consent'),
      invalidation_flow: find('authentik_flows.flow', 'slug', 'default-provider-invalidation-flow'),
      client_type: 'confidential',
      redirect_uris: [
        { matching_mode: 'strict', url: 'https://portainer.company/', redirect_uri_type: 'authorization' },
        { matching_mode: 'regex', url: 'https://portainer\\.company/logout/.*', redirect_uri_type: 'logout' },
      ],
      signing_key: find('authentik_crypto.certificatekeypair', 'name', 'authentik Self-signed Certificate'),
      property_mappings: [
        find('authentik_providers_oauth2.scopemapping', 'managed', 'goauthentik.io/providers/oauth2/scope-openid'),
        find('authentik_providers_oauth2.scopemapping', 'managed', 'goauthentik.io/providers/oauth2/scope-email'),
        find('authentik_providers_oauth2.scopemapping', 'managed', 'goauthentik.io/providers/oauth2/scope-profile'),
        find('authentik_providers_oauth2.scopemapping', 'scope_name', 'groups'),
        find('authentik_providers_oauth2.scopemapping', 'managed', 'goauthentik.io/providers/oauth2/scope-offline_access'),
      ],
      sub_mode: 'hashed_user_id',
      issuer_mode: 'per_provider',
    });
    expect(application?.identifiers).toEqual({ slug: 'portainer' });
    expect(application?.attrs).toEqual({ name: 'Portainer', provider: new BlueprintTag('!KeyOf', provider?.id) });
  });

  it('has no client secret, and a client ID only when given', () => {
    expect(text).not.toMatch(/^\s*-?\s*client_secret\s*:/m);
    expect(text).toMatch(/^# .*no client_secret.*authentik generates one/m);
    expect(provider?.attrs).not.toHaveProperty('client_id');
    const fixed = parseBlueprint(blueprintFor(spec, { clientId: 'docproof-portainer' })) as Blueprint;
    expect(fixed.entries[0]?.attrs.client_id).toBe('docproof-portainer');
  });

  it('sets no signing key when the spec says none, and the explicit flow when asked', () => {
    const bp2 = parseBlueprint(blueprintFor({ ...spec, signingKey: 'none', authorizationFlow: 'explicit' })) as Blueprint;
    expect(bp2.entries[0]?.attrs.signing_key).toBeNull();
    expect(bp2.entries[0]?.attrs.authorization_flow).toEqual(
      find('authentik_flows.flow', 'slug', 'default-provider-authorization-explicit-consent'),
    );
  });

  it("uses only fields and values of the pinned API schema (authentik's blueprints take the serializer's fields)", () => {
    const schemas = componentSchemas();
    for (const [entry, schemaName] of [
      [provider, 'OAuth2ProviderRequest'],
      [application, 'ApplicationRequest'],
    ] as const) {
      const schema = schemas[schemaName]!;
      const fields = { ...entry?.identifiers, ...entry?.attrs };
      for (const key of Object.keys(fields)) expect(Object.keys(schema.properties), `${schemaName}.${key}`).toContain(key);
      for (const key of schema.required ?? []) expect(fields, `${schemaName} requires ${key}`).toHaveProperty(key);
      for (const [key, value] of Object.entries(fields)) {
        const allowed = enumValues(schema.properties[key]!);
        if (allowed) expect(allowed, `${schemaName}.${key}`).toContain(value);
        if (value === null) expect(schema.properties[key]?.nullable, `${schemaName}.${key} nullable`).toBe(true);
      }
    }
    const redirect = schemas.RedirectURIRequest!;
    for (const uri of provider?.attrs.redirect_uris as Record<string, string>[]) {
      for (const [key, value] of Object.entries(uri)) {
        expect(Object.keys(redirect.properties)).toContain(key);
        const allowed = enumValues(redirect.properties[key]!);
        if (allowed) expect(allowed).toContain(value);
      }
    }
  });

  it('quotes values that YAML would otherwise misread', () => {
    const odd = parseBlueprint(
      blueprintFor({ ...spec, applicationName: 'yes: #1', providerName: 'Provider for yes: #1', redirectUris: [] }),
    ) as Blueprint;
    expect(odd.entries[1]?.attrs.name).toBe('yes: #1');
    expect(odd.entries[0]?.identifiers.name).toBe('Provider for yes: #1');
  });
});

describe('parseBlueprint', () => {
  it('rejects unknown tags and broken YAML', () => {
    expect(() => parseBlueprint('version: 1\nentries:\n  - attrs: !Nope x\n')).toThrow(/Unresolved tag|!Nope/);
    expect(() => parseBlueprint('version: [1\n')).toThrow(/blueprint YAML/);
  });
});
