/**
 * What a setting means, from the label the guide gives it. Guides label the same field in many ways ("Access
 * Token URL", "Token endpoint", `OIDC_TOKEN_URI`, `tokenURL`), so labels are normalised first (camelCase, `_`, `.`,
 * `-` and `»` become spaces, lower case) and then matched against the end of the label: a setting's meaning is in
 * its last words (`grafana.ini.auth.signout_redirect_url` is a logout URL). This is the one table the lint
 * rules use; keep additions here.
 */
export type Meaning =
  | 'authorizationUrl'
  | 'tokenUrl'
  | 'userinfoUrl'
  | 'introspectionUrl'
  | 'redirectUrl'
  | 'logoutUrl'
  | 'jwksUrl'
  | 'issuer'
  | 'discoveryUrl'
  | 'userIdentifier'
  | 'scopes'
  | 'scopeName'
  | 'slug'
  | 'clientId'
  | 'clientSecret';

const URL = '(url|uri|endpoint|endpoint url|endpoint uri)';

/** Ordered: the first match wins, so "logout redirect URL" is a logout URL, not a redirect URL. */
const TABLE: [Meaning, RegExp][] = [
  ['logoutUrl', new RegExp(`\\b(logout|log out|signout|sign out|end session|endsession)\\b(.* )?(${URL}|redirect url|redirect uri)$`)],
  ['redirectUrl', /\b(redirect|callback|reply)( url| uri| urls| uris| endpoint| path)?$/],
  ['authorizationUrl', new RegExp(`\\b(authori[sz]ation|authori[sz]e|auth)( endpoint)? ${URL}$`)],
  ['tokenUrl', new RegExp(`\\b(access token|token)( endpoint)? ${URL}$`)],
  ['introspectionUrl', new RegExp(`\\b(introspect|introspection)( endpoint)? ${URL}$`)],
  ['userinfoUrl', new RegExp(`\\b(userinfo|user info|resource|user api|user profile|profile|api|user)( endpoint)? ${URL}$`)],
  ['jwksUrl', /\b(jwks|jwk set|json web key set)( endpoint| url| uri| endpoint url)?$/],
  ['discoveryUrl', new RegExp(`\\b(discovery|auto discovery|autodiscovery|auto discover|autodiscover|well known|well known configuration|wellknown|openid configuration|config|configuration)( service)?( ${URL})$`)],
  ['issuer', /\b(issuer( url| uri| id)?|authority|(openid provider|oidc provider|provider) (url|uri|endpoint))$/],
  ['userIdentifier', /\b(user identifier|username (claim|attribute|field|key|map|mapping)|user (claim|id claim|attribute)|identifier claim|login (attribute|claim))$/],
  ['scopeName', /\bscope name$/],
  ['scopes', /^(?!.*\b(search|ldap|group)\b).*\bscopes?$/],
  ['slug', /^(application )?slug$/],
  ['clientSecret', /\b(client|oauth|oauth2|oidc) secret$|^secret$/],
  ['clientId', /\b(client|oauth|oauth2|oidc) id$/],
];

/** `OIDC_TOKEN_URI` → "oidc token uri", `userInfoURL` → "user info url", `plugin»oauthgeneric»authurl` → "plugin oauthgeneric authurl". */
export function normaliseLabel(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/user ?info/g, 'userinfo')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function meaningOf(key: string): Meaning | null {
  const label = normaliseLabel(key);
  for (const [meaning, re] of TABLE) if (re.test(label)) return meaning;
  return null;
}

/** "Additional Scopes": the application adds its own (usually `openid`) to these. */
export function isAdditionalScopes(key: string): boolean {
  return /\b(additional|extra|custom)\b/.test(normaliseLabel(key));
}
