/**
 * The Portainer driver: where Portainer is, how to bootstrap its admin, how to perform a guide's UI step by the
 * guide's own label, and how to tell who is signed in. Facts: ../shared/reference/portainer.md (2.23 source).
 * Labels, values, choices and order come from the guide through the plan; a label Portainer does not have is a
 * DriverError naming Portainer's version, which the run turns into a finding at the guide's line.
 *
 * Secrets (admin password, JWT, client secret) are used but never put into an error, a log line or a return value.
 */
import type { Locator, Page } from 'playwright-core';
import type { Stack } from '../../stack/types.js';
import { DriverError, type AppDriver, type SignedIn, type SignInFailed } from '../types.js';
import { PortainerApi, PortainerApiError, type PortainerSettings } from './api.js';
import { findChoice, findFieldLabels, findSwitch, labelKey, nameMatcher } from './dom.js';
import {
  CONFIRMED_BUTTONS,
  IDP_ERROR_TITLES,
  KNOWN_PAGES,
  LOGIN_ROUTE,
  OAUTH_LOGIN_ERROR,
  SESSION_COOKIE,
  TIMEOUTS,
  boxSelectorOption,
  clearToastsOver,
  fieldsClearedByChoice,
  flipSwitch,
  loginPage,
  menus,
  pageTitle,
  userMenu,
  waitChecked,
} from './ui.js';

/** What the run changed is measured against this, taken at bootstrap (settings and users before the run). */
interface Baseline {
  settings: PortainerSettings;
  userIds: Set<number>;
}

/** An API answer the page received, as Portainer's error JSON `{message, details}` (never the success body). */
interface ApiOutcome {
  status: number;
  message: string | null;
  details: string | null;
}

export type Timeouts = { -readonly [K in keyof typeof TIMEOUTS]: number };

interface FilledField {
  label: string;
  field: Locator;
  value: string;
}

const SWITCH_WORDS: Record<string, boolean> = {
  on: true,
  enabled: true,
  enable: true,
  true: true,
  yes: true,
  checked: true,
  off: false,
  disabled: false,
  disable: false,
  false: false,
  no: false,
  unchecked: false,
};

const TEXTUAL_INPUT_EXCLUDED = new Set(['checkbox', 'radio', 'hidden', 'button', 'submit', 'reset', 'file', 'image']);

/**
 * Portainer's 403 when an unknown user signs in with automatic user provisioning off (reference/portainer.md: "Account
 * not created beforehand in Portainer and automatic user provisioning not enabled").
 */
const NOT_PROVISIONED = /not created beforehand|automatic user provisioning not enabled/i;

export class PortainerDriver implements AppDriver {
  readonly name = 'portainer';
  readonly displayName = 'Portainer';
  readonly saveLabel = CONFIRMED_BUTTONS[0]!.label;

  explainSignInFailure(failed: SignInFailed): { cause: 'user-not-provisioned'; setting: string } | null {
    if (!NOT_PROVISIONED.test(`${failed.appMessage ?? ''} ${failed.shown}`)) return null;
    return { cause: 'user-not-provisioned', setting: 'automatic user provisioning' };
  }

  /** How long each kind of wait may take; tests shorten the label lookup. */
  readonly timeouts: Timeouts;

  constructor(options: { timeouts?: Partial<Timeouts> } = {}) {
    this.timeouts = { ...TIMEOUTS, ...options.timeouts };
  }

  private readonly baselines = new WeakMap<Stack, Baseline>();
  private readonly versions = new Map<string, string>();
  /** The app base URL a page was sent to by this driver (Portainer may run under a --base-url path). */
  private readonly appBase = new WeakMap<Page, string>();
  private readonly validateCaptures = new WeakMap<Page, Promise<ApiOutcome | null>>();
  private readonly filled = new WeakMap<Page, Map<string, FilledField>>();

  // ---- bootstrap and cleanup (API) -------------------------------------------------------------------------

  async bootstrap(stack: Stack): Promise<{ version: string }> {
    const api = new PortainerApi(stack.app.url);
    const version = await this.readVersion(api);
    try {
      await api.initAdmin(stack.app.adminUser, stack.app.adminPassword);
    } catch (err) {
      throw bootstrapError(err, `creating Portainer's admin "${stack.app.adminUser}"`);
    }
    const jwt = await this.adminJwt(api, stack);
    if (!this.baselines.has(stack)) {
      try {
        const [settings, users] = await Promise.all([api.settings(jwt), api.users(jwt)]);
        this.baselines.set(stack, { settings, userIds: new Set(users.map((u) => u.Id)) });
      } catch (err) {
        throw bootstrapError(err, "reading Portainer's settings and users before the run");
      }
    }
    return { version };
  }

  async cleanup(stack: Stack): Promise<void> {
    const baseline = this.baselines.get(stack);
    if (!baseline) return;
    const api = new PortainerApi(stack.app.url);
    const jwt = await this.adminJwt(api, stack);
    const problems: string[] = [];
    try {
      // The whole OAuthSettings goes back: PUT replaces the stored object (reference 2.3). GET hid the client
      // secret, and an empty one keeps what is stored, so a secret typed during the run cannot be wiped here.
      await api.updateSettings(jwt, {
        AuthenticationMethod: baseline.settings.AuthenticationMethod,
        OAuthSettings: baseline.settings.OAuthSettings,
      });
    } catch (err) {
      problems.push(`restoring the authentication settings: ${describe(err)}`);
    }
    try {
      for (const user of await api.users(jwt)) {
        if (baseline.userIds.has(user.Id)) continue;
        try {
          await api.deleteUser(jwt, user.Id);
        } catch (err) {
          problems.push(`deleting user "${user.Username}": ${describe(err)}`);
        }
      }
    } catch (err) {
      problems.push(`listing users: ${describe(err)}`);
    }
    this.baselines.delete(stack);
    if (problems.length) throw new Error(`Portainer cleanup at ${stack.app.url} failed: ${problems.join('; ')}`);
  }

  // ---- admin sign-in ---------------------------------------------------------------------------------------

  async signInAsAdmin(page: Page, stack: Stack): Promise<void> {
    await this.openLoginPage(page, stack.app.url);
    const form = loginPage.username(page);
    const internal = loginPage.useInternalAuthentication(page);
    const menu = userMenu.button(page);
    await waitVisible(form.or(internal).or(menu).first(), this.timeouts.page, () =>
      bootstrapFailed(`Portainer's login page at ${stack.app.url}/${LOGIN_ROUTE} did not show a login form`),
    );
    if (await menu.isVisible()) {
      if ((await shownUsername(menu)) === stack.app.adminUser) return;
      await this.signOut(page);
      await this.openLoginPage(page, stack.app.url);
    }
    // With OAuth on, the username/password form hides behind "Use internal authentication" (reference 4.2).
    await waitVisible(form.or(internal).first(), this.timeouts.page, () =>
      bootstrapFailed("Portainer's login page showed neither the login form nor \"Use internal authentication\""),
    );
    if (!(await form.isVisible())) await internal.click({ timeout: this.timeouts.action });
    await form.fill(stack.app.adminUser, { timeout: this.timeouts.action });
    await loginPage.password(page).fill(stack.app.adminPassword, { timeout: this.timeouts.action });
    await loginPage.submit(page).click({ timeout: this.timeouts.action });
    const error = loginPage.error(page);
    await waitVisible(menu.or(error).first(), this.timeouts.page, () =>
      bootstrapFailed(`signing in to Portainer as "${stack.app.adminUser}" showed neither the user menu nor an error`),
    );
    if (!(await menu.isVisible())) {
      const shown = normalise(await error.first().innerText());
      throw bootstrapFailed(`Portainer refused the admin sign-in of "${stack.app.adminUser}": ${shown}`);
    }
  }

  // ---- the guide's UI steps --------------------------------------------------------------------------------

  async navigate(page: Page, path: string[]): Promise<void> {
    this.filled.delete(page);
    const shown = path.join(' > ');
    const known = KNOWN_PAGES.find(
      (p) => p.path.length === path.length && p.path.every((label, i) => labelKey(label) === labelKey(path[i] ?? '')),
    );
    const missing = await this.followMenus(page, path);
    if (missing === null && (!known || (await isShown(pageTitle(page, known.title), this.timeouts.page)))) return;
    if (!known) {
      throw new DriverError(
        'navigation-not-found',
        `the guide's navigation "${shown}" does not exist in Portainer ${await this.versionOf(page)}` +
          (missing ? ` (no "${missing}" in its menus)` : ''),
        missing ?? path[path.length - 1] ?? shown,
      );
    }
    // The menus could not be followed by their labels (a collapsed sidebar shows icons only): use the route
    // Portainer gives that page, and still require its title.
    await page.goto(this.baseOf(page) + '/' + known.route, { timeout: this.timeouts.page });
    if (!(await isShown(pageTitle(page, known.title), this.timeouts.page))) {
      throw new DriverError(
        'navigation-not-found',
        `the guide's navigation "${shown}" does not lead to "${known.title}" in Portainer ${await this.versionOf(page)}`,
        path[path.length - 1] ?? shown,
      );
    }
  }

  async choose(page: Page, option: string, under: string | null): Promise<void> {
    const version = await this.versionOf(page);
    const found = await findChoice(page, option, under, this.timeouts.lookup);
    if (found.status === 'no-group' || found.status === 'no-select') {
      throw new DriverError(
        'option-not-found',
        `the guide's group "${under}" does not exist in Portainer ${version}`,
        under ?? option,
      );
    }
    if (found.status === 'no-option') {
      throw new DriverError(
        'option-not-found',
        `the guide's option "${option}"${under ? ` under "${under}"` : ''} does not exist in Portainer ${version}`,
        option,
      );
    }
    if (found.kind === 'select') {
      const select = page.getByLabel(found.full, { exact: true }).filter({ visible: true }).first();
      await select.selectOption({ label: found.optionLabel }, { timeout: this.timeouts.action });
      const selected = await select.evaluate((el) => {
        const s = el as HTMLSelectElement;
        return s.selectedOptions[0]?.label ?? '';
      });
      if (selected !== found.optionLabel) throw notAccepted(`choosing "${option}"`, version, option);
    } else {
      if (found.disabled) {
        throw new DriverError(
          'value-not-accepted',
          `the guide's option "${option}" is disabled in Portainer ${version}`,
          option,
        );
      }
      const { label, radio } = boxSelectorOption(page, found);
      await label.click({ timeout: this.timeouts.action });
      if (!(await waitChecked(page, radio, true, this.timeouts.action))) {
        throw notAccepted(`choosing "${option}"`, version, option);
      }
    }
    const filled = this.filled.get(page);
    if (filled?.size) {
      const cleared = await fieldsClearedByChoice(filled);
      if (cleared.length) {
        throw new DriverError(
          'value-not-accepted',
          `choosing "${option}" in Portainer ${version} cleared what the guide had filled before it: ` +
            `${cleared.map((c) => `"${c}"`).join(', ')}; those fields must be filled after this choice`,
          option,
        );
      }
    }
  }

  async toggle(page: Page, label: string, on: boolean): Promise<void> {
    const version = await this.versionOf(page);
    const found = await findSwitch(page, label, this.timeouts.lookup);
    if (found.status !== 'found' || found.index < 0) throw fieldNotFound(label, version);
    const box = page.locator('input[type="checkbox"]').nth(found.index);
    if (found.checked === on) return;
    if (found.disabled) {
      throw new DriverError('value-not-accepted', `the guide's switch "${label}" is disabled in Portainer ${version}`, label);
    }
    await flipSwitch(box, this.timeouts.action);
    if (!(await waitChecked(page, box, on, this.timeouts.action))) {
      throw notAccepted(`turning "${label}" ${on ? 'on' : 'off'}`, version, label);
    }
  }

  async fill(page: Page, label: string, value: string): Promise<void> {
    const version = await this.versionOf(page);
    const field = await this.fieldByLabel(page, label);
    if (!field) {
      const switchState = SWITCH_WORDS[labelKey(value)];
      // "Automatic user provisioning: enabled" written like the other fields is a switch, not a text field.
      if (switchState !== undefined && (await findSwitch(page, label, 1)).status === 'found') {
        return this.toggle(page, label, switchState);
      }
      throw fieldNotFound(label, version);
    }
    const tag = await field.evaluate((el) => el.tagName);
    if (tag === 'SELECT') {
      const labels = await field.evaluate((el) => [...(el as HTMLSelectElement).options].map((o) => o.label));
      const match = labels.find((l) => labelKey(l) === labelKey(value));
      if (match === undefined) {
        throw new DriverError(
          'option-not-found',
          `the guide's value for "${label}" is not one of Portainer ${version}'s options (${labels.join(', ')})`,
          label,
        );
      }
      await field.selectOption({ label: match }, { timeout: this.timeouts.action });
    } else {
      if (!(await field.isEditable())) {
        throw new DriverError('value-not-accepted', `the guide's field "${label}" is read-only in Portainer ${version}`, label);
      }
      await field.fill(value, { timeout: this.timeouts.action });
      if ((await field.inputValue()) !== value) throw notAccepted(`typing into "${label}"`, version, label);
    }
    let filled = this.filled.get(page);
    if (!filled) this.filled.set(page, (filled = new Map()));
    if (tag !== 'SELECT') filled.set(labelKey(label), { label, field, value });
  }

  async click(page: Page, label: string): Promise<void> {
    const version = await this.versionOf(page);
    const name = nameMatcher(label);
    const button = page
      .getByRole('button', { name })
      .or(page.getByRole('link', { name }))
      .filter({ visible: true })
      .first();
    if (!(await isShown(button, this.timeouts.lookup))) {
      throw new DriverError('button-not-found', `the guide's button "${label}" does not exist in Portainer ${version}`, label);
    }
    const confirmed = CONFIRMED_BUTTONS.find((b) => labelKey(b.label) === labelKey(label));
    if (!confirmed) {
      await button.click({ timeout: this.timeouts.action });
      return;
    }
    if (!(await button.isEnabled())) {
      throw new DriverError('save-failed', `Portainer ${version} keeps "${label}" disabled`, label);
    }
    const answer = page
      .waitForResponse(
        (r) =>
          r.request().method() === confirmed.request.method &&
          new URL(r.url()).pathname.endsWith(confirmed.request.path),
        { timeout: this.timeouts.page },
      )
      .then(readOutcome)
      .catch(() => null);
    await button.click({ timeout: this.timeouts.action });
    const outcome = await answer;
    if (!outcome) {
      throw new DriverError('save-failed', `clicking "${label}" sent nothing to Portainer ${version}`, label);
    }
    const success = page.getByText(confirmed.success, { exact: false }).filter({ visible: true }).first();
    if (outcome.status >= 400) {
      // Portainer's failure toast shows the error's `details` (else the fallback text), so Portainer's own answer
      // is the message: "Invalid request payload: Invalid OAuth AuthStyle".
      const appMessage = [outcome.message, outcome.details].filter(Boolean).join(': ') || `HTTP ${outcome.status}`;
      throw new DriverError(
        'save-failed',
        `Portainer ${version} did not save the settings (${confirmed.failure}): ${appMessage}`,
        label,
        appMessage,
      );
    }
    if (!(await isShown(success, this.timeouts.page))) {
      throw new DriverError(
        'save-failed',
        `Portainer ${version} answered ${outcome.status} but did not confirm "${confirmed.success}"`,
        label,
      );
    }
    this.filled.delete(page); // saved: what was typed is Portainer's now
  }

  // ---- sign-out, SSO and identity ----------------------------------------------------------------------------

  async signOut(page: Page): Promise<void> {
    const base = this.baseOf(page);
    const appOrigin = new URL(base).origin;
    // Portainer sends the browser to the Logout URL when one is set (reference 3.8), else to its login page.
    const logoutUri = await new PortainerApi(base)
      .publicSettings()
      .then((s) => (typeof s.OAuthLogoutURI === 'string' ? s.OAuthLogoutURI : ''))
      .catch(() => '');
    await clearToastsOver(page, userMenu.button(page), this.timeouts.page);
    await userMenu.button(page).click({ timeout: this.timeouts.action });
    await userMenu.logOut(page).click({ timeout: this.timeouts.action });
    const leavesApp = logoutUri !== '' && new URL(logoutUri, base).origin !== appOrigin;
    await page.waitForURL(
      (url) =>
        logoutUri === ''
          ? url.origin === appOrigin && url.hash.startsWith(LOGIN_ROUTE)
          : leavesApp
            ? url.origin !== appOrigin
            : url.href.startsWith(logoutUri),
      // 'commit': the URL is what says where Portainer sent the browser; whoever looks at that page next waits
      // for what it needs on it.
      { timeout: this.timeouts.page, waitUntil: 'commit' },
    );
  }

  async startSsoLogin(page: Page, stack: Stack): Promise<void> {
    await this.openLoginPage(page, stack.app.url);
    const link = loginPage.oauthLink(page);
    if (!(await isShown(link, this.timeouts.page))) {
      throw new DriverError(
        'button-not-found',
        `Portainer ${await this.versionOf(page)}'s login page shows no "Login with OAuth" link (OAuth authentication is not on)`,
        'Login with OAuth',
      );
    }
    // Armed before the click: the SPA posts the code right after authentik sends the browser back, then reloads.
    this.validateCaptures.set(
      page,
      page
        .waitForResponse(
          (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/api/auth/oauth/validate'),
          { timeout: this.timeouts.validateCapture },
        )
        .then(readOutcome)
        .catch(() => null),
    );
    await link.click({ timeout: this.timeouts.action });
  }

  async signedInUser(page: Page, stack: Stack): Promise<SignedIn | SignInFailed> {
    const menu = userMenu.button(page);
    const appError = page.getByText(OAUTH_LOGIN_ERROR).filter({ visible: true }).first();
    let idpError = page.getByText(IDP_ERROR_TITLES[0], { exact: true });
    for (const title of IDP_ERROR_TITLES.slice(1)) idpError = idpError.or(page.getByText(title, { exact: true }));
    idpError = idpError.filter({ visible: true }).first();

    const settled = await isShown(menu.or(appError).or(idpError).first(), this.timeouts.signInResult);
    if (settled && (await menu.isVisible())) {
      const username = await shownUsername(menu);
      const apiUsername = await this.sessionUsername(page, stack);
      return { ok: true, username, apiUsername };
    }
    if (settled && (await appError.isVisible())) {
      const shown = normalise(await appError.innerText());
      return { ok: false, shown, appMessage: await this.validateMessage(page), url: page.url() };
    }
    if (settled && (await idpError.isVisible())) {
      return { ok: false, shown: normalise(await idpError.innerText()), appMessage: null, url: page.url() };
    }
    return {
      ok: false,
      shown: `neither Portainer's user menu nor an error appeared within ${this.timeouts.signInResult / 1000} s`,
      appMessage: await this.validateMessage(page),
      url: page.url(),
    };
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private async openLoginPage(page: Page, appUrl: string): Promise<void> {
    const base = appUrl.replace(/\/+$/, '');
    this.appBase.set(page, base);
    await page.goto(`${base}/${LOGIN_ROUTE}`, { timeout: this.timeouts.page });
  }

  private baseOf(page: Page): string {
    const known = this.appBase.get(page);
    if (known) return known;
    const url = new URL(page.url());
    if (!/^https?:$/.test(url.protocol)) throw new Error('the browser is not on a Portainer page');
    return url.origin;
  }

  /**
   * Clicks the guide's navigation labels one after the other in the sidebar and menus (falling back to any link or
   * button with that name); returns the first label that could not be found, or null when all were clicked.
   */
  private async followMenus(page: Page, path: string[]): Promise<string | null> {
    for (const label of path) {
      const name = nameMatcher(label);
      const inMenus = menus(page).getByRole('link', { name }).or(menus(page).getByRole('button', { name }));
      const anywhere = page.getByRole('link', { name }).or(page.getByRole('button', { name }));
      const item = (await isShown(inMenus.filter({ visible: true }).first(), this.timeouts.lookup))
        ? inMenus.filter({ visible: true }).first()
        : (await anywhere.filter({ visible: true }).count()) > 0
          ? anywhere.filter({ visible: true }).first()
          : null;
      if (!item) return label;
      // A menu that re-renders or collapses under the pointer is no reason to fail: navigate() then takes the route.
      const clicked = await item.click({ timeout: this.timeouts.action }).then(
        () => true,
        () => false,
      );
      if (!clicked) return label;
    }
    return null;
  }

  /** Portainer's version for messages; read once per instance from GET /api/system/status. */
  private async versionOf(page: Page): Promise<string> {
    const base = this.baseOf(page);
    const known = this.versions.get(base);
    if (known) return known;
    try {
      return await this.readVersion(new PortainerApi(base));
    } catch {
      return '(version unknown)';
    }
  }

  private async readVersion(api: PortainerApi): Promise<string> {
    let status: { Version: string };
    try {
      status = await api.systemStatus();
    } catch (err) {
      throw bootstrapError(err, "reading Portainer's version");
    }
    if (typeof status?.Version !== 'string' || status.Version === '') {
      throw bootstrapFailed(`GET ${api.baseUrl}/api/system/status did not answer a Version`);
    }
    this.versions.set(api.baseUrl, status.Version);
    return status.Version;
  }

  private async adminJwt(api: PortainerApi, stack: Stack): Promise<string> {
    try {
      return await api.authenticate(stack.app.adminUser, stack.app.adminPassword);
    } catch (err) {
      throw bootstrapError(err, `signing in to Portainer's API as "${stack.app.adminUser}"`);
    }
  }

  /** The control the guide's label names: a visible <label> matched by its own text, then getByLabel on it. */
  private async fieldByLabel(page: Page, label: string): Promise<Locator | null> {
    const found = await findFieldLabels(page, label, this.timeouts.lookup);
    if (found.status === 'found') {
      for (const l of found.labels) {
        if (!l.control || !isTextual(l.control)) continue;
        const field = page.getByLabel(l.full, { exact: true }).filter({ visible: true });
        if ((await field.count()) > 0) return field.first();
      }
    }
    // Fields named by aria-label or aria-labelledby have no <label> to scan.
    const byAria = page.getByLabel(nameMatcher(label)).filter({ visible: true });
    for (const candidate of await byAria.all()) {
      const control = await candidate.evaluate((el) => ({
        tag: el.tagName,
        type: ((el as HTMLInputElement).type ?? '').toLowerCase(),
      }));
      if (isTextual(control)) return candidate;
    }
    return null;
  }

  /** Who the session cookie belongs to, asked of the API without the browser's cookie jar (reference 1.5). */
  private async sessionUsername(page: Page, stack: Stack): Promise<string> {
    const cookies = await page.context().cookies(stack.app.url);
    const jwt = cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    if (!jwt) throw new Error(`Portainer shows a signed-in user, but the browser has no ${SESSION_COOKIE} cookie`);
    try {
      return (await new PortainerApi(stack.app.url).me(jwt)).Username;
    } catch (err) {
      throw new Error(`GET /api/users/me with the browser's session failed: ${describe(err)}`);
    }
  }

  /** Portainer's own `message` from POST /api/auth/oauth/validate, captured since startSsoLogin. */
  private async validateMessage(page: Page): Promise<string | null> {
    const capture = this.validateCaptures.get(page);
    if (!capture) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.timeouts.validateAfterOutcome);
    });
    try {
      return (await Promise.race([capture, bound]))?.message ?? null;
    } finally {
      clearTimeout(timer);
    }
  }
}

export const portainerDriver: AppDriver = new PortainerDriver();

// ---- small functions -------------------------------------------------------------------------------------------

async function readOutcome(r: import('playwright-core').Response): Promise<ApiOutcome> {
  // Read at once: after a successful validate the SPA reloads and the body is gone. Only the error fields are
  // kept (a success body may be the session JWT).
  const body: unknown = await r.json().catch(() => null);
  const field = (name: string): string | null =>
    body && typeof body === 'object' && name in body && typeof (body as Record<string, unknown>)[name] === 'string'
      ? ((body as Record<string, unknown>)[name] as string)
      : null;
  return { status: r.status(), message: field('message'), details: field('details') };
}

function isTextual(control: { tag: string; type: string }): boolean {
  if (control.tag === 'TEXTAREA' || control.tag === 'SELECT') return true;
  return control.tag === 'INPUT' && !TEXTUAL_INPUT_EXCLUDED.has(control.type);
}

async function isShown(locator: Locator, timeout: number): Promise<boolean> {
  try {
    await locator.waitFor({ state: 'visible', timeout });
    return true;
  } catch {
    return false;
  }
}

async function waitVisible(locator: Locator, timeout: number, onTimeout: () => Error): Promise<void> {
  if (!(await isShown(locator, timeout))) throw onTimeout();
}

/**
 * The username in the header's user menu button (reference 4.5): its text without icons. textContent, not
 * innerText, because the username's <span> is hidden below the lg breakpoint.
 */
async function shownUsername(menu: Locator): Promise<string> {
  const text = await menu.evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let out = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement?.closest('[aria-hidden="true"], svg')) out += ' ' + (n.nodeValue ?? '');
    }
    return out;
  }, undefined, { timeout: TIMEOUTS.action });
  return normalise(text);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function fieldNotFound(label: string, version: string): DriverError {
  return new DriverError('field-not-found', `the guide's field "${label}" does not exist in Portainer ${version}`, label);
}

function notAccepted(what: string, version: string, label: string): DriverError {
  return new DriverError('value-not-accepted', `${what} did not take effect in Portainer ${version}`, label);
}

function bootstrapFailed(message: string, appMessage: string | null = null): DriverError {
  return new DriverError('bootstrap-failed', message, null, appMessage);
}

/** A bootstrap API failure in one line; the 303 of the admin-init lock gets its own explanation (reference 1.3). */
function bootstrapError(err: unknown, doing: string): DriverError {
  if (err instanceof PortainerApiError && err.status === 303 && err.redirectReason === 'AdminInitTimeout') {
    return bootstrapFailed(
      "Portainer's 5-minute admin initialisation window has passed; restart the Portainer container",
      err.appMessage,
    );
  }
  if (err instanceof DriverError) return err;
  return bootstrapFailed(`${doing} failed: ${describe(err)}`, err instanceof PortainerApiError ? err.appMessage : null);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
