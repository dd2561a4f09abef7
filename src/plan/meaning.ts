/**
 * What an application-side setting means, from the label the guide gives it. The run engine needs this in two
 * places: to resolve references (a "Client Secret" gets the secret authentik made) and to point a failure at the
 * right line (a token exchange that fails is the "Access Token URL" line's fault). Labels vary between apps and
 * guides ("Token URL", "Access token URL", "Token endpoint"), so these are patterns over the lower-cased label.
 */
export type SettingMeaning =
  | 'clientId'
  | 'clientSecret'
  | 'authorizationUrl'
  | 'tokenUrl'
  | 'userinfoUrl'
  | 'redirectUrl'
  | 'logoutUrl'
  | 'userIdentifier'
  | 'scopes'
  | 'other';

const PATTERNS: [SettingMeaning, RegExp][] = [
  ['clientSecret', /\b(client|application|oauth)[\s_-]*(secret|key)\b|^secret$/],
  ['clientId', /\b(client|application|oauth)[\s_-]*id\b|^client$/],
  ['authorizationUrl', /\bauthori[sz](e|ation)\b.*\b(url|uri|endpoint)\b|^auth(orization)?[\s_-]*url$/],
  ['tokenUrl', /\btoken\b.*\b(url|uri|endpoint)\b/],
  ['userinfoUrl', /\b(resource|user[\s_-]*info|profile|api|user)\b.*\b(url|uri|endpoint)\b/],
  ['redirectUrl', /\b(redirect|callback)\b/],
  ['logoutUrl', /\b(logout|log out|sign[\s_-]*out|end[\s_-]*session)\b/],
  ['userIdentifier', /\b(user[\s_-]*identifier|identifier|username[\s_-]*(claim|attribute|field)|login[\s_-]*attribute)\b/],
  ['scopes', /\bscopes?\b/],
];

export function meaningOf(key: string): SettingMeaning {
  const k = key.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [meaning, re] of PATTERNS) if (re.test(k)) return meaning;
  return 'other';
}

/** The user attribute an identifier claim names, per authentik's default scope mappings (reference section I). */
export function userFieldForClaim(claim: string): 'username' | 'email' | 'name' | null {
  switch (claim) {
    case 'preferred_username':
    case 'nickname':
      return 'username';
    case 'email':
      return 'email';
    case 'name':
      return 'name';
    default:
      return null;
  }
}
