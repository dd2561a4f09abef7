/**
 * Checks that every URL under authentik's `/application/o/` names an endpoint that authentik serves, and the
 * right one for the setting it is given to.
 *
 * ## When to use
 *
 * Always. An application given a path that authentik does not serve fails at sign-in with a 404 that the
 * reader cannot trace back to the guide. authentik serves `authorize/`, `token/`, `userinfo/`, `introspect/`,
 * `revoke/` and `device/` for every provider, and `end-session/`, `jwks/` and
 * `.well-known/openid-configuration` under `/application/o/<application_slug>/`. A setting labelled as a token
 * URL ("Access Token URL", "Token endpoint", `OIDC_TOKEN_URI`, …) must point at `token/`, an authorization URL
 * at `authorize/`, a userinfo/resource URL at `userinfo/`, a logout URL at `end-session/`, an issuer or
 * discovery URL at the provider root or its discovery document. The table of labels is in
 * `src/guide/meaning.ts`.
 *
 * ## Severity
 *
 * - `error`: a path authentik does not serve (404), a setting given another endpoint than its own, a reserved
 *   name as the slug; a missing trailing slash on an endpoint the application POSTs to (`token/`, `introspect/`,
 *   `revoke/`, `device/`): authentik answers the POST with a redirect to the slashed path, which an HTTP client
 *   follows as a GET (or not at all), so the code exchange fails.
 * - `warning`: a missing trailing slash on an endpoint reached with a GET (`authorize/`, `userinfo/`,
 *   `end-session/`, `jwks/`): the redirect is followed by a browser and by most clients, but not by all.
 *
 * ## Options
 *
 * None.
 *
 * ## Fix
 *
 * Use the path from the provider's page in authentik (**Applications** > **Providers** > the provider), which
 * lists every URL for that provider, with its trailing slash.
 *
 * @example
 *   {"name": "portainer/index.md"}
 *
 *   ---
 *   title: Integrate with Portainer
 *   sidebar_label: Portainer
 *   support_level: community
 *   ---
 *
 *   ## Portainer configuration
 *
 *   - **Authorization URL**: `https://authentik.company/application/o/authorize/`
 *   - **Access Token URL**: `https://authentik.company/application/o/token/`
 *   - **Logout URL**: `https://authentik.company/application/o/<application_slug>/end-session/`
 *
 * @example
 *   {"name": "portainer/index.md", "label": "input"}
 *
 *   ---
 *   title: Integrate with Portainer
 *   sidebar_label: Portainer
 *   support_level: community
 *   ---
 *
 *   ## Portainer configuration
 *
 *   - **Access Token URL**: `https://authentik.company/application/o/authorize/`
 *   - **Resource URL**: `https://authentik.company/application/o/user/`
 *   - **Logout URL**: `https://authentik.company/application/o/<application_slug>/end_session/`
 *   - **Token URL**: `https://authentik.company/application/o/token`
 *   - **Authorization URL**: `https://authentik.company/application/o/authorize`
 *
 * @example
 *   {"name": "portainer/index.md", "label": "output"}
 *
 *   9:26: error: “Access Token URL” is a token URL, but `/application/o/authorize/` is authentik's authorization endpoint; use `/application/o/token/`
 *   10:22: error: “Resource URL” is a userinfo URL, but `/application/o/user/` is the provider's issuer URL; use `/application/o/userinfo/`
 *   11:20: error: authentik serves no `/application/o/<application_slug>/end_session/`; “Logout URL” is a logout URL: use `/application/o/<application_slug>/end-session/`
 *   12:19: error: `/application/o/token` lacks the trailing slash authentik serves it with (`/application/o/token/`); the application POSTs to it, and the redirect authentik answers with loses the POST
 *   13:27: warning: `/application/o/authorize` lacks the trailing slash authentik serves it with (`/application/o/authorize/`)
 */
import { createRule, linesOf } from './rule.js';
import { RESERVED_SLUGS } from '../authentik/endpoints.js';
import { authentikUrls, ENDPOINTS_FOR, type EndpointKind } from './urls.js';
import type { Meaning } from '../guide/meaning.js';

const MEANING_NAME: Partial<Record<Meaning, string>> = {
  authorizationUrl: 'an authorization URL',
  tokenUrl: 'a token URL',
  userinfoUrl: 'a userinfo URL',
  introspectionUrl: 'an introspection URL',
  logoutUrl: 'a logout URL',
  jwksUrl: 'a JWKS URL',
  issuer: 'an issuer URL',
  discoveryUrl: 'a discovery URL',
};

const KIND_NAME: Record<EndpointKind, string> = {
  authorize: "authentik's authorization endpoint",
  token: "authentik's token endpoint",
  userinfo: "authentik's userinfo endpoint",
  introspect: "authentik's introspection endpoint",
  revoke: "authentik's revocation endpoint",
  device: "authentik's device authorization endpoint",
  'end-session': "the provider's end-session (logout) endpoint",
  jwks: "the provider's JWKS endpoint",
  discovery: "the provider's discovery document",
  'provider-root': "the provider's issuer URL",
  base: 'the prefix of the OAuth2 endpoints',
};

/** Endpoints an application POSTs to: without the trailing slash, authentik's redirect loses the request body. */
const POSTED: ReadonlySet<EndpointKind> = new Set<EndpointKind>(['token', 'introspect', 'revoke', 'device']);

function pathFor(kind: EndpointKind, slug: string | null): string {
  const s = slug ?? '<application_slug>';
  switch (kind) {
    case 'end-session':
    case 'jwks':
      return `/application/o/${s}/${kind}/`;
    case 'discovery':
      return `/application/o/${s}/.well-known/openid-configuration`;
    case 'provider-root':
      return `/application/o/${s}/`;
    case 'base':
      return '/application/o/';
    default:
      return `/application/o/${kind}/`;
  }
}

export default createRule(
  { id: 'authentik-endpoints', severity: 'error', doc: 'URLs under /application/o/ name an endpoint authentik serves, the right one for the setting.' },
  ({ guide, file, report }) => {
    for (const u of authentikUrls(guide, linesOf(file))) {
      const { endpoint, meaning, key } = u;
      const place = { line: u.line, column: u.column };
      const expected = meaning ? ENDPOINTS_FOR[meaning] : undefined;
      if (endpoint.kind === null) {
        const reserved = endpoint.slug && RESERVED_SLUGS.includes(endpoint.slug);
        const want = expected && expected.length === 1 ? pathFor(expected[0]!, endpoint.slug) : endpoint.suggestion;
        const tail = reserved
          ? `; \`${endpoint.slug}\` is a reserved name, not an application slug`
          : want && expected && key
            ? `; “${key}” is ${MEANING_NAME[meaning!]}: use \`${want}\``
            : want
              ? `; did you mean \`${want}\`?`
              : '';
        report({
          ...place,
          message: `authentik serves no \`${u.path}\`${tail}`,
          hint: 'authentik serves authorize/, token/, userinfo/, introspect/, revoke/, device/ globally and end-session/, jwks/, .well-known/openid-configuration per application slug.',
        });
        continue;
      }
      if (expected && key && !expected.includes(endpoint.kind) && endpoint.kind !== 'base') {
        report({
          ...place,
          message: `“${key}” is ${MEANING_NAME[meaning!]}, but \`${u.path}\` is ${KIND_NAME[endpoint.kind]}; use \`${pathFor(expected[0]!, endpoint.slug)}\``,
          hint: "Copy the URL from the provider's overview page in authentik, which lists each endpoint by name.",
        });
        continue;
      }
      if (endpoint.slug && RESERVED_SLUGS.includes(endpoint.slug)) {
        report({ ...place, message: `\`${endpoint.slug}\` is a reserved name in authentik and cannot be an application slug` });
        continue;
      }
      if (endpoint.missingSlash) {
        const posted = POSTED.has(endpoint.kind);
        report({
          ...place,
          severity: posted ? 'error' : 'warning',
          message: `\`${u.path}\` lacks the trailing slash authentik serves it with (\`${u.path}/\`)${posted ? '; the application POSTs to it, and the redirect authentik answers with loses the POST' : ''}`,
          hint: 'Without the slash authentik answers with a redirect, which an application does not follow for a POST (the token request).',
        });
      }
    }
  },
);
