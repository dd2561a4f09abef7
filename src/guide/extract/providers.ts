/**
 * Provider types as guides name them: "select **OAuth2/OpenID Connect** as the provider type",
 * "**Choose a Provider type**: OAuth2/OpenID", "For the **Provider Type** select **SAML**",
 * "Select **SCIM Provider** as the provider type", "select SAML Provider as the provider type".
 */
import type { ProviderType } from '../model.js';
import { segmentsText, type Segment } from './inline.js';

const LABEL =
  /^(oauth2?\s*\/\s*openid(\s+connect)?(\s+provider)?|oauth2|openid connect|oidc|saml(\s+provider)?(\s*\(?from\s+metadata\)?)?|ldap(\s+provider)?|proxy(\s+provider)?|scim(\s+provider)?|rac(\s+provider)?|radius(\s+provider)?|ssf(\s+provider)?|google workspace(\s+provider)?|microsoft entra(\s+provider)?)$/i;

export function providerTypeOf(label: string): ProviderType {
  const l = label.toLowerCase();
  if (/oauth|openid|oidc/.test(l)) return 'oauth2';
  if (/saml/.test(l)) return 'saml';
  if (/ldap/.test(l)) return 'ldap';
  if (/proxy/.test(l)) return 'proxy';
  if (/scim/.test(l)) return 'scim';
  if (/\brac\b/.test(l)) return 'rac';
  if (/radius/.test(l)) return 'radius';
  return 'other';
}

export interface FoundProvider {
  label: string;
  line: number;
}

/**
 * Finds the provider type a bullet or sentence chooses. Only sentences that talk about a provider type
 * (the wizard's "Choose a Provider type" page or "as the provider type") qualify, so an app-side
 * "select **OAuth**" is not mistaken for one.
 */
export function findProviderChoice(segs: readonly Segment[]): FoundProvider | null {
  const text = segmentsText(segs);
  if (!/provider\s*type|choose a provider|as the provider\b/i.test(text)) return null;
  for (const seg of segs) {
    if (seg.kind === 'text') continue;
    const label = seg.text.trim().replace(/\.$/, '');
    if (LABEL.test(label)) return { label, line: seg.line };
  }
  // Unmarked label: "select SAML Provider as the provider type", "**Choose a Provider type**: OAuth2/OpenID".
  for (const seg of segs) {
    if (seg.kind !== 'text') continue;
    const m =
      /\b(?:select|choose)\s+(.+?)\s+as the provider type/i.exec(seg.text) ??
      /^\s*:\s*(?:select\s+)?([A-Za-z0-9/ ()]+?)\s*\.?\s*$/i.exec(seg.text);
    if (m && LABEL.test(m[1]!.trim())) {
      const lines = seg.text.slice(0, m.index).split('\n');
      return { label: m[1]!.trim(), line: seg.line + lines.length - 1 };
    }
  }
  return null;
}

/** A sentence that creates a provider without the wizard: "Create an **OAuth2/OpenID Provider**". */
export function findProviderCreation(segs: readonly Segment[], authentikSide: boolean): FoundProvider | null {
  const text = segmentsText(segs);
  if (!/\b(create|add|new)\b/i.test(text)) return null;
  for (let i = 0; i < segs.length && authentikSide; i++) {
    const seg = segs[i]!;
    if (seg.kind === 'text') continue;
    const label = seg.text.trim();
    if (!LABEL.test(label) || !/provider|oauth|saml|ldap|proxy|scim/i.test(label)) continue;
    const before = segs[i - 1];
    if (before?.kind === 'text' && /\b(create|add|select|choose)\b[^.]*$/i.test(before.text)) return { label, line: seg.line };
  }
  for (const seg of segs) {
    if (seg.kind !== 'text') continue;
    const m = /\b(?:create|add)\s*(?:>\s*|an?\s+(?:new\s+)?)(OAuth2\s*\/\s*OpenID(?: Connect)?(?: Provider)?|SAML Provider|LDAP Provider|Proxy Provider|SCIM Provider|RAC Provider|RADIUS Provider)\b/i.exec(seg.text);
    if (m) return { label: m[1]!, line: seg.line + (seg.text.slice(0, m.index).match(/\n/g)?.length ?? 0) };
  }
  return null;
}
