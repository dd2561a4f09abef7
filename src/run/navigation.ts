/**
 * Where the browser was sent. A person who follows a guide sees at once when a URL of the guide leads nowhere: a
 * host that does not resolve, a "Not Found" page, an application page where authentik's login was expected. The
 * run sees the same without waiting for a page that will never come: every top-level navigation of the run's page
 * is logged with its answer (status, network error, or "blocked"), and the steps that send the browser to a URL
 * of the guide (the SSO login, the sign-out) read the log to tell where it went, and why that is not authentik.
 *
 * A navigation to a host that is neither the stack's nor a placeholder the guide introduces is not followed: the
 * run never sends the browser to a host a guide names by mistake (which may exist, and may be anyone's).
 */
import type { BrowserContext, Page, Request, Route } from 'playwright-core';

export interface NavEntry {
  url: string;
  status: number | null;
  /** The network error ("net::ERR_CONNECTION_REFUSED"), when the request failed. */
  failure: string | null;
  /** True when the run did not let the browser go there (a host of no service the run knows). */
  blocked: boolean;
}

export interface Origins {
  authentik: string[];
  app: string[];
}

export type Landing =
  | { kind: 'pending' }
  /** authentik answered (any status but 404: its error pages, such as "Redirect URI Error", are read by the login page object). */
  | { kind: 'authentik'; entry: NavEntry }
  | { kind: 'blocked'; entry: NavEntry }
  | { kind: 'unreachable'; entry: NavEntry }
  /** authentik answered 404: no such endpoint, or no application with that slug. */
  | { kind: 'not-found'; entry: NavEntry }
  /** The chain ended on a page that is not authentik's (the application's own, or another service of the stack). */
  | { kind: 'elsewhere'; entry: NavEntry; service: 'app' | null };

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

function isRedirect(status: number | null): boolean {
  return status !== null && status >= 300 && status < 400;
}

/**
 * Where a chain of top-level navigations (since a step sent the browser off) has led, as soon as that is known:
 * the first answer from authentik, the first request that was blocked or failed, or the final answer of the
 * chain elsewhere. 'pending' while the chain is still going.
 */
export function landing(entries: NavEntry[], origins: Origins): Landing {
  for (const [i, e] of entries.entries()) {
    const origin = originOf(e.url);
    if (e.blocked) return { kind: 'blocked', entry: e };
    if (e.failure !== null) {
      // An aborted request that a later navigation replaced (the application moving on by itself) is no answer.
      if (i < entries.length - 1) continue;
      return { kind: 'unreachable', entry: e };
    }
    if (e.status === null) return { kind: 'pending' };
    if (origins.authentik.includes(origin)) return e.status === 404 ? { kind: 'not-found', entry: e } : { kind: 'authentik', entry: e };
    if (isRedirect(e.status) || i < entries.length - 1) continue;
    return { kind: 'elsewhere', entry: e, service: origins.app.includes(origin) ? 'app' : null };
  }
  return { kind: 'pending' };
}

/** The top-level navigations of one page, and the guard that keeps it on hosts the run knows. */
export class NavLog {
  readonly entries: NavEntry[] = [];
  readonly #byRequest = new WeakMap<Request, NavEntry>();

  constructor(
    readonly page: Page,
    readonly known: (origin: string) => boolean,
  ) {
    page.on('request', (r) => {
      if (!r.isNavigationRequest() || r.frame() !== page.mainFrame()) return;
      if (!/^https?:/.test(r.url())) return;
      const entry: NavEntry = { url: r.url(), status: null, failure: null, blocked: false };
      this.#byRequest.set(r, entry);
      this.entries.push(entry);
    });
    page.on('response', (res) => {
      const entry = this.#byRequest.get(res.request());
      if (entry) entry.status = res.status();
    });
    page.on('requestfailed', (r) => {
      const entry = this.#byRequest.get(r);
      if (entry && !entry.blocked) entry.failure = r.failure()?.errorText ?? 'failed';
    });
  }

  /** Top-level navigations to hosts the run does not know are aborted (and logged as blocked); everything else goes on. */
  async guard(context: BrowserContext): Promise<void> {
    await context.route(
      (url) => /^https?:$/.test(url.protocol) && !this.known(url.origin),
      async (route: Route) => {
        const r = route.request();
        if (r.isNavigationRequest() && r.frame() === this.page.mainFrame()) {
          const entry = this.#byRequest.get(r);
          if (entry) entry.blocked = true;
          await route.abort('blockedbyclient');
          return;
        }
        await route.fallback();
      },
    );
  }

  /** A mark to read the navigations from (those after it). */
  mark(): number {
    return this.entries.length;
  }

  since(mark: number): NavEntry[] {
    return this.entries.slice(mark);
  }

  /**
   * Waits until the browser, sent to `target` (a URL of the guide, as mapped) since `mark`, has landed somewhere,
   * polling the log (no fixed wait), for at most `timeout` ms; 'pending' when it never went there.
   */
  async landing(mark: number, target: string, origins: Origins, timeout: number): Promise<Landing> {
    const prefix = withoutQuery(target);
    const deadline = Date.now() + timeout;
    for (;;) {
      const entries = this.since(mark);
      const start = entries.findIndex((e) => withoutQuery(e.url).startsWith(prefix));
      const l = start < 0 ? ({ kind: 'pending' } as const) : landing(entries.slice(start), origins);
      if (l.kind !== 'pending' || Date.now() >= deadline) return l;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A URL without its query and fragment, normalised as the browser writes it. */
export function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/, '');
  }
}
