/**
 * What docproof knows about an application without driving it: the facts the lint rules need to tell a finding
 * that certainly breaks a guide's sign-in from one that may not. One entry per application, named like its driver
 * (src/apps/<name>/); an application may have facts and no driver. Each fact names its evidence, from
 * ../shared/reference/<app>.md. Kept apart from the drivers on purpose: lint loads this table, never a driver
 * (a driver loads Playwright).
 */
import type { Guide } from '../guide/model.js';
import { escapeRegExp } from '../regexp.js';

export interface AppFacts {
  /** The application's slug, as its integrations folder and its driver are named: "portainer". */
  readonly name: string;
  /** Its name in titles and findings: "Portainer". */
  readonly displayName: string;
  /**
   * How the application sends the scopes a guide tells it to request: `verbatim` when the setting goes into the
   * authorize request's `scope=` as typed (so a comma-separated value reaches authentik as one unknown scope).
   * Absent when docproof does not know.
   */
  readonly scopes?: { readonly sent: 'verbatim'; readonly why: string };
}

export const APP_FACTS: readonly AppFacts[] = [
  {
    name: 'portainer',
    displayName: 'Portainer',
    // reference/portainer.md §2.4: generatePublicSettings builds OAuthLoginURI with `"&scope=" + Scopes`, unsplit and unencoded.
    scopes: { sent: 'verbatim', why: 'Portainer passes the value unchanged' },
  },
];

export interface NamedApp {
  readonly name: string;
  readonly displayName: string;
}

/**
 * The entry of `apps` a guide is about: by its app slug (the guide's folder, `…/portainer/index.md`), else by the
 * app's name or display name as a word of the guide's title ("Integrate with Portainer"), so a copy of a guide
 * in another folder is still recognised.
 */
export function recogniseApp<T extends NamedApp>(apps: Iterable<T>, appSlug: string | null, title: string): T | null {
  const list = [...apps];
  if (appSlug) {
    const slug = appSlug.trim().toLowerCase();
    const bySlug = list.find((a) => a.name === slug);
    if (bySlug) return bySlug;
  }
  for (const app of list) {
    const names = [app.name, app.displayName].map(escapeRegExp);
    if (new RegExp(`(^|[^\\p{L}\\p{N}])(${names.join('|')})(?![\\p{L}\\p{N}])`, 'iu').test(title)) return app;
  }
  return null;
}

export function titleOf(guide: Guide): string {
  return typeof guide.frontmatter.title === 'string' ? guide.frontmatter.title : '';
}

/** What docproof knows about the application a guide integrates, or null. */
export function appFactsOf(guide: Guide): AppFacts | null {
  return recogniseApp(APP_FACTS, guide.appSlug, titleOf(guide));
}
