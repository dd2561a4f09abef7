/**
 * Guide → what to create in authentik for an OAuth2/OpenID guide (the `OAuth2AppSpec` that
 * `AuthentikApi.provisionOAuth2` and `blueprintFor` take). Values come from the guide; what the guide leaves to the
 * wizard's defaults (provider name, flow, scope mappings) is filled in as the wizard would.
 */
import { kebabCase } from 'change-case';
import type { Guide, Provider, Setting, Step } from '../guide/model.js';
import { UsageError } from '../findings.js';
import { RESERVED_SLUGS } from '../authentik/endpoints.js';
import type { OAuth2AppSpec } from '../authentik/provision.js';
import { meaningOf } from '../guide/meaning.js';
import { isPlaceholderSlug } from '../checks/urls.js';

const WIZARD_SCOPES = new Set(['openid', 'email', 'profile']);

/**
 * The slug authentik's application wizard proposes for a name, as a reader who accepts it gets: the wizard's slug
 * field (web/src/components/ak-slug-input.ts, 2026.5.0-rc1) runs change-case's `kebabCase(s, { suffixCharacters: "-" })`
 * (change-case 5.4.4 in its lockfile, the version pinned here), as in 2025.12.4 and 2026.2.2. It splits words at
 * case changes too: "Home Assistant" → "home-assistant", "pgAdmin" → "pg-admin", "BookStack" → "book-stack".
 */
export function slugify(name: string): string {
  return kebabCase(name, { suffixCharacters: '-' });
}

/** The application's name as the guide's frontmatter gives it (sidebar_label, else the title), or null. */
export function applicationNameOf(guide: Guide): string | null {
  const { sidebar_label: label, title } = guide.frontmatter;
  if (typeof label === 'string' && label.trim()) return label.trim();
  if (typeof title === 'string' && title.trim()) return title.replace(/^\s*Integrate with\s+/i, '').trim();
  return null;
}

function applicationName(guide: Guide): string {
  const name = applicationNameOf(guide);
  if (name === null) throw new UsageError(`${guide.file}: no sidebar_label or title in the frontmatter to name the application after`);
  return name;
}

/**
 * The slug the guide sets for the application (**Slug**: `…` or **Application slug**: `…` on the authentik side),
 * or null when it sets none. A slug read from a URL is never one a reader sets: a reader who follows the guide
 * creates the application under the slug the guide names, else the one the wizard proposes from the name, and
 * every URL is then used exactly as written (a URL with another slug fails where it is used, at its line).
 */
export function explicitSlug(guide: Pick<Guide, 'settings'>): string | null {
  const set = guide.settings
    .filter((s) => s.side === 'authentik' && s.literal && !s.optional && s.value && meaningOf(s.key) === 'slug')
    .map((s) => s.value!.trim())
    .filter((v) => v && !isPlaceholderSlug(v) && !RESERVED_SLUGS.includes(v));
  return set[0] ?? null;
}

function isOptionalSection(section: string): boolean {
  return /\boptional\b/i.test(section);
}

function authentikTexts(guide: Guide): string[] {
  const settings = guide.settings
    .filter((s: Setting) => s.side === 'authentik' && !s.optional)
    .map((s) => `${s.key}: ${s.value ?? ''}`);
  const steps = guide.steps.filter((s: Step) => s.side === 'authentik' && !s.optional).map((s) => s.text);
  return [...settings, ...steps];
}

/**
 * "Select any available signing key" (the usual wording) → 'any'. The Guide model has no field for it, so we look
 * for the words in the authentik-side settings and steps; a guide that says nothing gets 'any' too, since the
 * wizard's signing-key field is where guides send the admin to pick the self-signed certificate.
 */
function signingKey(texts: string[]): 'any' | 'none' {
  const says = texts.filter((t) => /signing key/i.test(t));
  if (says.some((t) => /\b(no|without|do not|don't|leave)\b[^.]*signing key|signing key[^.]*\b(none|empty|blank)\b/i.test(t))) {
    return 'none';
  }
  return 'any';
}

function authorizationFlow(texts: string[]): 'implicit' | 'explicit' {
  return texts.some((t) => /explicit[- ]consent/i.test(t)) ? 'explicit' : 'implicit';
}

/** Scope names the guide adds on the authentik side beyond the wizard's openid/email/profile (literal values only). */
function extraScopes(guide: Guide): string[] {
  const names = guide.settings
    .filter((s) => s.side === 'authentik' && !s.optional && s.literal && s.value && /^(selected\s+)?scopes?$/i.test(s.key.trim()))
    .flatMap((s) => (s.value ?? '').split(/[\s,]+/))
    .filter((n) => n && !WIZARD_SCOPES.has(n));
  return [...new Set(names)];
}

/** The OAuth2 provider a run creates: the first outside an optional section, else the first. */
export function mainOAuth2Provider(guide: Guide): Provider | undefined {
  const oauth2 = guide.providers.filter((p) => p.type === 'oauth2');
  return oauth2.find((p) => !isOptionalSection(p.section)) ?? oauth2[0];
}

export function specFromGuide(guide: Guide, mapUrl: (u: string) => string = (u) => u): OAuth2AppSpec {
  const provider = mainOAuth2Provider(guide);
  if (!provider) throw new UsageError(`${guide.file}: the guide creates no OAuth2/OpenID Connect provider`);
  const name = applicationName(guide);
  const texts = authentikTexts(guide);
  const extras = extraScopes(guide);
  return {
    applicationName: name,
    slug: explicitSlug(guide) ?? slugify(name),
    // The name the wizard proposes ("provide a name (or accept the auto-provided name)").
    providerName: `Provider for ${name}`,
    redirectUris: provider.redirectUris.map((u) => ({ matchingMode: u.matchingMode, kind: u.kind, url: mapUrl(u.url) })),
    signingKey: signingKey(texts),
    authorizationFlow: authorizationFlow(texts),
    ...(extras.length ? { extraScopeMappings: extras } : {}),
  };
}
