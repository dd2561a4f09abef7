/**
 * What a setting means, from the label the guide gives it. Guides label the same field in many ways ("Access
 * Token URL", "Token endpoint", `OIDC_TOKEN_URI`, `tokenURL`), so labels are normalised first (camelCase, `_`, `.`,
 * `-` and `»` become spaces, lower case) and then matched against the end of the label: a setting's meaning is in
 * its last words (`grafana.ini.auth.signout_redirect_url` is a logout URL). This is the one table: the lint rules
 * use it as is, the planner with `lenientCredentials` (see `meaningOf`); keep additions here.
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

/**
 * Labels that may name the client credentials but are too loose for a lint finding ("Application Key", "Client
 * Key", "clientsecret", "Client Secret (optional)"): a run masks what it fills under them and resolves the guide's
 * references against them, where treating one label too many as the secret costs nothing and one too few leaks it.
 * Consulted only when the table above finds nothing.
 */
const CREDENTIAL_LABELS: [Meaning, RegExp][] = [
  ['clientSecret', /\b(client|application|oauth) ?(secret|key)\b|^secret$/],
  ['clientId', /\b(client|application|oauth) ?(id|identifier)\b|^client$/],
];

export interface MeaningOptions {
  /** Also read the looser credential labels above (the planner: masking and reference resolution). */
  lenientCredentials?: boolean;
}

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

export function meaningOf(key: string, options: MeaningOptions = {}): Meaning | null {
  const label = normaliseLabel(key);
  for (const [meaning, re] of TABLE) if (re.test(label)) return meaning;
  if (options.lenientCredentials) for (const [meaning, re] of CREDENTIAL_LABELS) if (re.test(label)) return meaning;
  return null;
}

/** "Additional Scopes": the application adds its own (usually `openid`) to these. */
export function isAdditionalScopes(key: string): boolean {
  return /\b(additional|extra|custom)\b/.test(normaliseLabel(key));
}
