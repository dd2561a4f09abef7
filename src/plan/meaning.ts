/**
 * What an application-side setting means to a run, from its label. The run engine needs this in two places: to
 * resolve references (a "Client Secret" gets the secret authentik made) and to point a failure at the right line
 * (a token exchange that fails is the "Access Token URL" line's fault). The labels are read by the one table in
 * src/guide/meaning.ts, with its looser credential labels, since a run must mask every value that may be the secret.
 */
import { meaningOf, type Meaning } from '../guide/meaning.js';

export type SettingMeaning = Meaning | 'other';

export function settingMeaning(key: string): SettingMeaning {
  return meaningOf(key, { lenientCredentials: true }) ?? 'other';
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

/** A value to mask: the client secret, written out or referred to. */
export function isSecretValue(meaning: SettingMeaning, ref: string | null): boolean {
  return meaning === 'clientSecret' || ref === 'clientSecret';
}
