/**
 * Page object for authentik's flow executor (reference section G): the default authentication flow shows an
 * identification screen, then a password screen; an explicit-consent authorization flow then asks for consent.
 * Locators are by label and role, which Playwright resolves through the open shadow roots of `ak-flow-executor`
 * and its stage elements, as authentik's own Playwright login fixture does. Pin the browser locale to en-US:
 * the "Email or Username" label is built with Intl.ListFormat.
 */
import type { Locator, Page } from 'playwright-core';
import { oneLine } from './errors.js';

export type LoginFailureKind = 'credentials' | 'redirect-uri' | 'denied' | 'flow-error' | 'timeout';

/** authentik stopped the sign-in; `shown` is what the page said (never the password). */
export class AuthentikLoginError extends Error {
  override name = 'AuthentikLoginError';
  constructor(
    readonly kind: LoginFailureKind,
    message: string,
    readonly shown: string,
    readonly url: string,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The visible text of an element including its shadow roots (innerText stops at a shadow host). */
async function deepText(locator: Locator): Promise<string> {
  const text = await locator
    .evaluate((root) => {
      const parts: string[] = [];
      const walk = (node: Node): void => {
        const host = node as Element;
        const children = host.shadowRoot ? host.shadowRoot.childNodes : node.childNodes;
        for (const child of Array.from(children)) {
          if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent ?? '');
          else if (child instanceof Element && !['STYLE', 'SCRIPT', 'TEMPLATE'].includes(child.tagName)) walk(child);
        }
      };
      walk(root);
      return parts.join(' ');
    })
    .catch(() => '');
  return oneLine(text);
}

export class AuthentikLoginPage {
  readonly username: Locator;
  readonly password: Locator;
  /** The identification stage's submit: "Log in" in an authentication flow, "Continue" elsewhere. */
  readonly identify: Locator;
  readonly consentHeading: Locator;
  /** The consent heading the last signIn agreed to ("You're about to sign into X."), or null when none was asked. */
  consented: string | null = null;
  readonly alert: Locator;
  readonly redirectUriErrorTitle: Locator;
  readonly permissionDenied: Locator;
  readonly flowError: Locator;
  readonly sessionEnd: Locator;

  constructor(
    readonly page: Page,
    readonly opts: { timeout?: number } = {},
  ) {
    // A substring match, like authentik's own fixture: "Email or Username" by default, "Username" when the
    // identification stage only accepts usernames.
    this.username = page.getByLabel('Username');
    this.password = page.getByLabel('Password', { exact: true }).first();
    this.identify = page.locator('ak-stage-identification').getByRole('button', { name: /^(Log in|Continue)$/ });
    this.consentHeading = page.locator('ak-stage-consent').getByText(/You're about to sign into/);
    this.alert = page.getByRole('alert').filter({ hasText: /\S/ });
    this.redirectUriErrorTitle = page.locator('.pf-c-title', { hasText: 'Redirect URI Error' });
    this.permissionDenied = page.getByText('Permission denied', { exact: true });
    this.flowError = page.locator('ak-stage-flow-error');
    this.sessionEnd = page.locator('ak-stage-session-end');
  }

  get #timeout(): number {
    return this.opts.timeout ?? DEFAULT_TIMEOUT_MS;
  }

  /** True when the identification stage is shown (waiting up to `timeout` ms for the flow executor to render it). */
  async isShown(timeout = 5_000): Promise<boolean> {
    try {
      await this.username.first().waitFor({ state: 'visible', timeout });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Identification, then password (skipped when the identification stage shows the password inline), then consent
   * when the authorization flow asks. Resolves once the browser has left authentik (back at the application);
   * throws an AuthentikLoginError saying what authentik showed instead.
   */
  async signIn(username: string, password: string): Promise<void> {
    const authentik = new URL(this.page.url()).origin;
    const timeout = this.#timeout;
    await this.#orFail(
      this.username.or(this.redirectUriErrorTitle).first().waitFor({ state: 'visible', timeout }),
      'the identification stage ("Email or Username") was not shown',
    );
    if (await this.redirectUriErrorTitle.first().isVisible()) {
      throw await this.#failure('redirect-uri', 'authentik showed "Redirect URI Error"');
    }
    await this.username.first().fill(username);
    if (!(await this.password.isVisible())) {
      await this.identify.click({ timeout });
      await this.#orFail(
        this.password.or(this.alert).first().waitFor({ state: 'visible', timeout }),
        'the password stage was not shown after identification',
      );
      if (!(await this.password.isVisible())) throw await this.#failure('credentials', 'authentik rejected the username');
    }
    await this.password.fill(password);
    await this.page.locator('ak-stage-password').getByRole('button', { name: 'Continue' }).click({ timeout });

    let consentGiven = false;
    this.consented = null;
    for (;;) {
      const outcome = await this.#nextOutcome(authentik, timeout);
      if (outcome === 'left') return;
      if (outcome === 'consent' && !consentGiven) {
        consentGiven = true;
        this.consented = (await this.consentHeading.first().innerText({ timeout })).trim();
        await this.page.locator('ak-stage-consent').getByRole('button', { name: 'Continue' }).click({ timeout });
        // The consent stage stays on screen until authentik answers; don't mistake it for a second request.
        await this.consentHeading.first().waitFor({ state: 'hidden', timeout }).catch(() => undefined);
        continue;
      }
      if (outcome === 'alert') throw await this.#failure('credentials', 'authentik refused the sign-in');
      if (outcome === 'redirect-uri') throw await this.#failure('redirect-uri', 'authentik showed "Redirect URI Error"');
      if (outcome === 'denied') throw await this.#failure('denied', 'authentik denied access');
      if (outcome === 'flow-error') throw await this.#failure('flow-error', 'authentik showed a flow error');
      throw await this.#failure(
        'timeout',
        `authentik did not send the browser back to the application${consentGiven ? ' after consent' : ''}`,
      );
    }
  }

  /** The text of authentik's "Redirect URI Error" page when it is shown, else null. */
  async redirectUriError(): Promise<string | null> {
    if (!(await this.redirectUriErrorTitle.first().isVisible())) return null;
    const text = await this.redirectUriErrorTitle.first().evaluate((el) => {
      const box = el.closest('.pf-c-login__main, .pf-c-card, main') ?? el.parentElement ?? el;
      return (box as HTMLElement).innerText;
    });
    return oneLine(text);
  }

  /** Waits for the invalidation flow's session-end stage ("You've logged out of …"); throws saying where the browser is instead. */
  async expectSessionEnded(): Promise<void> {
    const ended = this.sessionEnd.or(this.page.getByText(/You['’]ve logged out of/)).first();
    try {
      await ended.waitFor({ state: 'visible', timeout: this.#timeout });
    } catch {
      const title = oneLine(await this.page.title().catch(() => ''));
      throw new AuthentikLoginError(
        'timeout',
        `authentik did not show the session-end page (at ${this.page.url()}${title ? `, titled "${title}"` : ''})`,
        title,
        this.page.url(),
      );
    }
  }

  async #nextOutcome(
    authentik: string,
    timeout: number,
  ): Promise<'left' | 'consent' | 'alert' | 'redirect-uri' | 'denied' | 'flow-error' | 'timeout'> {
    const left = this.page
      .waitForURL((u) => u.origin !== authentik, { timeout, waitUntil: 'commit' })
      .then(() => 'left' as const);
    const shown = (l: Locator, name: 'consent' | 'alert' | 'redirect-uri' | 'denied' | 'flow-error') =>
      l.first().waitFor({ state: 'visible', timeout }).then(() => name);
    const outcomes = [
      left,
      shown(this.consentHeading, 'consent'),
      shown(this.alert, 'alert'),
      shown(this.redirectUriErrorTitle, 'redirect-uri'),
      shown(this.permissionDenied, 'denied'),
      shown(this.flowError, 'flow-error'),
    ];
    // Every waiter rejects at the timeout (or when the page navigates away); the first one to resolve wins.
    for (const p of outcomes) p.catch(() => undefined);
    try {
      return await Promise.any(outcomes);
    } catch {
      return 'timeout';
    }
  }

  async #orFail(wait: Promise<void>, what: string): Promise<void> {
    try {
      await wait;
    } catch {
      throw await this.#failure('timeout', what);
    }
  }

  async #failure(kind: LoginFailureKind, what: string): Promise<AuthentikLoginError> {
    const url = this.page.url();
    let shown = '';
    if (kind === 'redirect-uri') shown = (await this.redirectUriError()) ?? '';
    else if (await this.alert.first().isVisible().catch(() => false)) shown = oneLine(await this.alert.first().innerText());
    else if (kind === 'denied') shown = 'Permission denied';
    else if (kind === 'flow-error') shown = await deepText(this.flowError.first());
    const detail = shown ? `: "${shown.slice(0, 300)}"` : '';
    return new AuthentikLoginError(kind, `${what}${detail} (at ${new URL(url).pathname})`, shown, url);
  }
}
