/**
 * authentik's admin interface as an administrator uses it: the counterpart of an application driver. It knows only
 * what a guide cannot say: how the run's administrator signs in, and how authentik's web components (Lit, open
 * shadow roots, which Playwright's role locators pierce) expose the sidebar, buttons, wizard pages, choices, fields,
 * the redirect URI rows and the values a person notes. Every label comes from the guide's step; when the UI's
 * words differ a little, the element is used and the difference is returned (`Matched`); when the UI has nothing
 * close, a UiMissing names what it does have.
 *
 * Read from the real 2026.5.0-rc1 interface (web/src/admin/applications/wizard, elements/wizard,
 * providers/oauth2/OAuth2ProviderRedirectURI.ts, elements/forms/SearchSelect) and probed on the real tier.
 */
import type { Locator, Page } from 'playwright-core';
import { matchLabel, normalizeLabel } from './words.js';

export type UiThing = 'menu' | 'menu item' | 'button' | 'page' | 'option' | 'field';

/** The UI has no element the guide's words name closely enough. */
export class UiMissing extends Error {
  override name = 'UiMissing';
  constructor(
    readonly thing: UiThing,
    readonly guide: string,
    readonly nearest: string | null,
    readonly candidates: string[],
  ) {
    super(`no ${thing} "${guide}"${nearest ? ` (the nearest is "${nearest}")` : ''}`);
  }
}

/** authentik refused what the walk submitted; `shown` is the interface's own message. */
export class UiRefused extends Error {
  override name = 'UiRefused';
  constructor(readonly shown: string) {
    super(`authentik's admin interface said: ${shown}`);
  }
}

/** The guide's words named the UI's element closely, not exactly: both, for an info finding. */
export interface Matched {
  thing: UiThing;
  guide: string;
  ui: string;
}

const TIMEOUT_MS = 10_000;
const SHORT_MS = 2_000;

/** Names of the elements with this role in an aria snapshot ("- button \"New Application\""). */
function namesIn(snapshot: string, role: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`^\\s*- ${role} "((?:[^"\\\\]|\\\\.)*)"`, 'gm');
  for (const m of snapshot.matchAll(re)) out.push(m[1]!.replace(/\\"/g, '"'));
  return [...new Set(out)];
}

function exactName(name: string): RegExp {
  return new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i');
}

async function expectCount(loc: Locator, n: number): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while ((await loc.count()) < n && Date.now() < deadline) await loc.page().waitForTimeout(100);
}

export class AuthentikAdminUi {
  /** Values a person notes while walking (slug, Client ID, Client Secret), as the interface shows them. */
  readonly noted: { slug?: string; clientId?: string; clientSecret?: string; applicationName?: string; providerName?: string } = {};

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
    /** Told of every secret the interface shows before anything can print it (the client secret). */
    readonly onSecret: (value: string) => void,
  ) {}

  /** Signs in through the default authentication flow and lands in the admin interface. */
  async signIn(username: string, password: string): Promise<void> {
    const page = this.page;
    await page.goto(`${this.baseUrl}/if/flow/default-authentication-flow/?next=${encodeURIComponent('/if/admin/')}`);
    await page.getByLabel('Username').first().fill(username, { timeout: TIMEOUT_MS * 2 });
    const password$ = page.getByLabel('Password', { exact: true }).first();
    if (!(await password$.isVisible())) {
      await page.locator('ak-stage-identification').getByRole('button', { name: /^(Log in|Continue)$/ }).click({ timeout: TIMEOUT_MS });
    }
    await password$.fill(password, { timeout: TIMEOUT_MS });
    await page.locator('ak-stage-password').getByRole('button', { name: 'Continue' }).click({ timeout: TIMEOUT_MS });
    await page.waitForURL(/\/if\/admin\//, { timeout: TIMEOUT_MS * 3, waitUntil: 'commit' });
    await page.getByRole('navigation', { name: 'Global navigation' }).waitFor({ timeout: TIMEOUT_MS * 3 });
  }

  /** The open wizard (the application wizard, or a provider's), or null. */
  async #wizard(): Promise<Locator | null> {
    const w = this.page.locator('ak-application-wizard, ak-provider-wizard').filter({ visible: true }).first();
    return (await w.count()) ? w : null;
  }

  /** What a person sees to choose from: the active wizard page's content, or the page. */
  async #snapshot(mainOnly = false): Promise<string> {
    // A wizard's page and footer are slotted into its dialog, which the page's own snapshot does not follow:
    // snapshot them where they are rendered, by the labels authentik's wizards give them.
    const root = mainOnly ? this.page.locator('main').first() : this.page.locator('body');
    const parts = [await root.ariaSnapshot({ timeout: TIMEOUT_MS }).catch(() => '')];
    const inWizard = this.page.locator('[aria-label="Wizard content"], [aria-label="Wizard navigation"], .pf-c-wizard__footer').filter({ visible: true });
    for (const el of await inWizard.all()) parts.push(await el.ariaSnapshot({ timeout: TIMEOUT_MS }).catch(() => ''));
    return parts.join('\n');
  }

  #match(thing: UiThing, guide: string, candidates: string[]): { ui: string; matched: Matched | null } {
    const m = matchLabel(guide, candidates);
    if (m.kind === 'none') throw new UiMissing(thing, guide, m.nearest, candidates);
    return { ui: m.ui, matched: m.kind === 'close' ? { thing, guide, ui: m.ui } : null };
  }

  /** "Navigate to **Applications** > **Providers**": a sidebar section, then its entries. */
  async navigate(path: string[]): Promise<Matched[]> {
    const page = this.page;
    const matched: Matched[] = [];
    const nav = page.getByRole('navigation', { name: 'Global navigation' });
    await nav.waitFor({ timeout: TIMEOUT_MS });
    const snap = await nav.ariaSnapshot({ timeout: TIMEOUT_MS });
    const sections = namesIn(snap, 'heading');
    const [first, ...rest] = path;
    if (first === undefined) return matched;
    const entriesOf = async () => namesIn(await nav.ariaSnapshot({ timeout: TIMEOUT_MS }), 'link');
    let remaining = rest;
    const asSection = matchLabel(first, sections);
    if (asSection.kind !== 'none') {
      if (asSection.kind === 'close') matched.push({ thing: 'menu', guide: first, ui: asSection.ui });
      const expand = page.getByRole('button', { name: `Expand ${asSection.ui}`, exact: true });
      if (await expand.isVisible()) await expand.click({ timeout: TIMEOUT_MS });
    } else if (!rest.length) {
      remaining = [first]; // "Navigate to **Providers**": an entry of any section
    } else {
      throw new UiMissing('menu', first, asSection.nearest, sections);
    }
    for (const entry of remaining) {
      // The sidebar's entries are slotted into its navigation: located from the page, not from the nav element.
      const named = page.getByRole('link', { name: entry, exact: true }).filter({ visible: true }).first();
      if (await named.count()) {
        await named.click({ timeout: TIMEOUT_MS });
        continue;
      }
      let links = await entriesOf();
      if (!rest.length && asSection.kind === 'none' && matchLabel(entry, links).kind === 'none') {
        // An entry named alone may sit in a collapsed section: open them all, as a reader looking for it would.
        for (const s of sections) {
          const expand = page.getByRole('button', { name: `Expand ${s}`, exact: true });
          if (await expand.isVisible()) await expand.click({ timeout: TIMEOUT_MS });
        }
        links = await entriesOf();
      }
      const { ui, matched: m } = this.#match('menu item', entry, links);
      if (m) matched.push(m);
      await page.getByRole('link', { name: ui, exact: true }).filter({ visible: true }).first().click({ timeout: TIMEOUT_MS });
    }
    return matched;
  }

  /**
   * "click **New Application**", "Click **Submit**". `implied`: the guide names no button, the list's creation button
   * is meant; `existingProvider`: it creates an application with a provider made before, which 2026.5 offers in the
   * menu beside its "New Application" button ("with Existing Provider..."), a form with a Provider field.
   */
  async click(label: string, implied = false, existingProvider = false): Promise<{ matched: Matched | null; ui: string }> {
    const page = this.page;
    if (existingProvider) {
      const item = await this.#creationWithExistingProvider();
      if (item) return { matched: null, ui: item };
    }
    const wizard = await this.#wizard();
    const scope = wizard ?? page.locator('main').first();
    // The guide's own words, as a button of the page in view: no need to look further.
    const named = scope.getByRole('button', { name: label, exact: true }).filter({ visible: true }).first();
    if (await named.count()) {
      await named.click({ timeout: TIMEOUT_MS });
      await page.waitForTimeout(300); // a modal or a wizard opening: its first page renders on the next frame
      return { matched: null, ui: label };
    }
    const snap = await this.#snapshot(!wizard);
    const buttons = namesIn(snap, 'button').filter((b) => !/^(Expand|Collapse) |^Toggle |^Go to |^Sort by /.test(b));
    let target = matchLabel(label, buttons);
    const creation = buttons.find((b) => /^(New|Create|Add)\b/i.test(b) && !/options$/i.test(b));
    if (target.kind === 'none' && /^(new|create|add)\b/i.test(label) && creation) {
      // "Create with Provider" where the UI says "New Application": the page's creation button, renamed. Still the
      // guide's words are not there (an error), but the reader knows what it is called now.
      target = { kind: 'none', nearest: creation };
    }
    if (target.kind === 'none' && wizard) {
      // "Click **Submit**": the wizard's last page calls itself "Review and Submit Application" and its one action
      // is "Create Application". A reader goes on to the page named for the action and takes that page's action.
      const { pages, current } = await this.wizardPages();
      const word = normalizeLabel(label);
      const page = pages.slice(current ? pages.indexOf(current) : 0).find((p) => normalizeLabel(p).split(' ').includes(word));
      if (page) {
        if (page !== current) await this.goToPage(page);
        const now = namesIn(await this.#snapshot(), 'button');
        const action = now.find((b) => /^(Create|Submit|Finish)\b/i.test(b));
        if (action) target = { kind: 'close', ui: action };
      }
    }
    if (target.kind === 'none' && implied && creation) target = { kind: 'same', ui: creation };
    if (target.kind === 'none') throw new UiMissing('button', label, target.nearest, buttons);
    let button = scope.getByRole('button', { name: target.ui, exact: true }).first();
    if (!(await button.isVisible())) button = page.getByRole('button', { name: target.ui, exact: true }).first();
    await button.click({ timeout: TIMEOUT_MS });
    if (wizard && /^(Create|Submit|Finish)\b/i.test(target.ui)) await this.#awaitSaved();
    else await page.waitForTimeout(300); // a modal or a wizard opening: its first page renders on the next frame
    return { matched: target.kind === 'close' ? { thing: 'button', guide: label, ui: target.ui } : null, ui: target.ui };
  }

  /** The creation menu's "with Existing Provider..." (2026.5), or null where the list has no such menu. */
  async #creationWithExistingProvider(): Promise<string | null> {
    const page = this.page;
    const main = page.locator('main').first();
    // The list's toolbar renders after the page: its creation button says it is there.
    await main.getByRole('button', { name: /^(New|Create)\b/i }).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT_MS }).catch(() => undefined);
    const toggle = main.getByRole('button', { name: /^(New|Create)\b.*\boptions$/i }).filter({ visible: true }).first();
    if (!(await toggle.count())) return null;
    await toggle.click({ timeout: TIMEOUT_MS });
    const item = page.getByRole('menuitem', { name: /existing provider/i }).filter({ visible: true }).first();
    await item.waitFor({ timeout: SHORT_MS }).catch(() => undefined);
    if (!(await item.count())) return null;
    const text = (await item.innerText()).replace(/\s+/g, ' ').trim();
    await item.click({ timeout: TIMEOUT_MS });
    await page.waitForTimeout(300); // the form's modal renders on the next frame
    return text;
  }

  /**
   * Saves the creation in view (a provider's wizard, the application form) by its action button, as a person who was
   * told to "create a provider with these settings" does, and waits for authentik to say it is saved.
   */
  async save(): Promise<void> {
    await this.#noteVisible();
    const actions = namesIn(await this.#snapshot(), 'button').filter((b) => /^(Create|Submit|Finish|Save)\b/i.test(b));
    const action = actions.at(-1);
    if (!action) throw new UiMissing('button', 'Create', null, namesIn(await this.#snapshot(), 'button'));
    const dialog = this.page.getByRole('dialog').filter({ visible: true }).last();
    await this.page.getByRole('button', { name: action, exact: true }).filter({ visible: true }).last().click({ timeout: TIMEOUT_MS });
    await this.#awaitSaved(dialog);
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT_MS }).catch(() => undefined);
  }

  /** Whether the page in view has a text field (or search-select) of this name. */
  async hasField(label: string): Promise<boolean> {
    return (await this.page.getByRole('textbox', { name: label, exact: true }).filter({ visible: true }).count()) > 0;
  }

  /** A search-select's option by its text ("Provider": the provider created above). */
  async pick(field: string, value: string): Promise<void> {
    await this.#pickFromSearchSelect(field, value);
  }

  /** Until authentik says the creation is saved, or closes its `dialog` (a provider's wizard closes without a word), or refuses it. */
  async #awaitSaved(dialog?: Locator): Promise<void> {
    const page = this.page;
    const saved = page.getByText(/Your application has been saved|Successfully created/i).first();
    // The application wizard's last page, or a form's status message ("An error occurred while creating the provider.").
    const failed = page.getByText(/There was an error|unable to complete|An error occurred/i).first();
    const told = saved.or(failed).waitFor({ timeout: TIMEOUT_MS * 2 });
    await (dialog ? Promise.any([told, dialog.waitFor({ state: 'hidden', timeout: TIMEOUT_MS * 2 })]) : told);
    if (await failed.isVisible()) {
      const status = page.getByRole('status').filter({ hasText: /error/i }).filter({ visible: true }).last();
      const text =
        (await page.locator('ak-application-wizard-submit-step').filter({ visible: true }).first().innerText().catch(() => '')) ||
        (await status.innerText({ timeout: SHORT_MS }).catch(() => '')) ||
        (await failed.innerText());
      throw new UiRefused(text.replace(/\bDismiss\b/g, '').replace(/\s+/g, ' ').trim());
    }
  }

  /** The wizard's page names, as its step list shows them, and the current one. */
  async wizardPages(): Promise<{ pages: string[]; current: string | null }> {
    // The application wizard's step list is a group, the provider wizard's a navigation; both carry this label.
    const nav = this.page.locator('[aria-label="Wizard steps"]').filter({ visible: true }).first();
    if (!(await nav.count())) {
      await nav.waitFor({ timeout: SHORT_MS }).catch(() => undefined);
      if (!(await nav.count())) return { pages: [], current: null };
    }
    const buttons = nav.locator('button');
    const pages = (await buttons.allInnerTexts()).map((t) => t.replace(/^\s*\d+\s*/, '').replace(/\s+/g, ' ').trim());
    const current = await nav
      .locator('button.pf-m-current, [aria-current="step"], [aria-current="page"]')
      .first()
      .innerText({ timeout: SHORT_MS })
      .then((t) => t.replace(/^\s*\d+\s*/, '').replace(/\s+/g, ' ').trim())
      .catch(() => null);
    return { pages, current };
  }

  async currentPage(): Promise<string | null> {
    return (await this.wizardPages()).current;
  }

  /**
   * "**Choose a Provider type**: …": the guide is on the wizard page it names. A person who is on an earlier page
   * goes on with **Next** (noting what the page shows on the way); a page the wizard does not have is a UiMissing.
   */
  async goToPage(name: string): Promise<Matched | null> {
    const { pages } = await this.wizardPages();
    if (!pages.length) throw new UiMissing('page', name, null, []);
    const { ui, matched } = this.#match('page', name, pages);
    const target = pages.indexOf(ui);
    for (let guard = 0; guard < pages.length; guard++) {
      const current = await this.currentPage();
      const at = current === null ? -1 : pages.indexOf(current);
      if (at >= target) break;
      await this.#noteVisible();
      const wizard = (await this.#wizard()) ?? this.page;
      await wizard.getByRole('button', { name: 'Next', exact: true }).first().click({ timeout: TIMEOUT_MS });
      await this.#waitPageChange(current);
    }
    const now = await this.currentPage();
    if (now !== ui) {
      const reason = await this.#formError();
      throw new UiRefused(`the wizard stayed on "${now ?? '?'}" instead of going on to "${ui}"${reason ? `: ${reason}` : ''}`);
    }
    return matched;
  }

  async #waitPageChange(before: string | null): Promise<void> {
    const deadline = Date.now() + TIMEOUT_MS;
    while (Date.now() < deadline) {
      if ((await this.currentPage()) !== before) return;
      if (await this.#formError()) return;
      await this.page.waitForTimeout(150);
    }
  }

  /** A form's own complaint (a required field left empty, a failed check), as shown. */
  async #formError(): Promise<string | null> {
    const err = this.page.locator('.pf-m-error, .pf-c-form__helper-text.pf-m-error, .pf-c-alert.pf-m-danger').filter({ visible: true }).filter({ hasText: /\S/ });
    if (!(await err.count())) return null;
    return (await err.first().innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Reads what a person notes from the page in view: the slug, the Client ID and the Client Secret. */
  async #noteVisible(): Promise<void> {
    const read = async (name: string): Promise<string | null> => {
      const box = this.page.getByRole('textbox', { name, exact: true }).filter({ visible: true }).first();
      if (!(await box.count())) return null;
      return (await box.inputValue({ timeout: SHORT_MS }).catch(() => '')) || null;
    };
    this.noted.applicationName = (await read('Application Name')) ?? this.noted.applicationName;
    this.noted.slug = (await read('Slug')) ?? this.noted.slug;
    this.noted.providerName = (await read('Provider Name')) ?? this.noted.providerName;
    this.noted.clientId = (await read('Client ID')) ?? this.noted.clientId;
    // The secret field is a password input until "Show field content": read its value, never its screen text.
    const secret = this.page.locator('input[name="clientSecret"]').filter({ visible: true }).first();
    const s = (await secret.count()) ? await secret.inputValue({ timeout: SHORT_MS }).catch(() => '') : '';
    if (s) {
      this.onSecret(s);
      this.noted.clientSecret = s;
    }
  }

  /** "Note the **Client ID**, **Client Secret**, and **slug**": read what the page in view shows. */
  async note(): Promise<void> {
    await this.#noteVisible();
  }

  /**
   * "select **OAuth2/OpenID Connect** as the provider type", "**Client type**: Confidential": an option of the
   * page's type list, or of the choice (radio group, select) the guide names with `under`.
   */
  async choose(option: string, under: string | null): Promise<Matched[]> {
    const page = this.page;
    const matched: Matched[] = [];
    const snap = await this.#snapshot();
    if (under) {
      const groups = namesIn(snap, 'radiogroup');
      const g = matchLabel(under, groups);
      if (g.kind !== 'none') {
        if (g.kind === 'close') matched.push({ thing: 'field', guide: under, ui: g.ui });
        const group = page.getByRole('radiogroup', { name: g.ui, exact: true }).first();
        const radios = namesIn(await group.ariaSnapshot({ timeout: TIMEOUT_MS }), 'radio');
        const { ui, matched: m } = this.#match('option', option, radios);
        if (m) matched.push(m);
        await group.getByRole('radio', { name: ui, exact: true }).check({ timeout: TIMEOUT_MS });
        return matched;
      }
      const selects = namesIn(snap, 'textbox');
      const s = matchLabel(under, selects);
      if (s.kind === 'none') throw new UiMissing('field', under, s.nearest ?? g.nearest, [...groups, ...selects]);
      if (s.kind === 'close') matched.push({ thing: 'field', guide: under, ui: s.ui });
      const m = await this.#pickFromSearchSelect(s.ui, option);
      if (m) matched.push(m);
      return matched;
    }
    // A type list (the wizard's "Choose a Provider"): options, or headed cards.
    const options = [...namesIn(snap, 'option'), ...namesIn(snap, 'radio')];
    const { ui, matched: m } = this.#match('option', option, options.length ? options : namesIn(snap, 'heading'));
    if (m) matched.push(m);
    const byRole = page.getByRole('option', { name: ui, exact: true }).or(page.getByRole('radio', { name: ui, exact: true })).filter({ visible: true }).first();
    if (await byRole.count()) await byRole.click({ timeout: TIMEOUT_MS });
    else await page.getByText(ui, { exact: true }).filter({ visible: true }).first().click({ timeout: TIMEOUT_MS });
    return matched;
  }

  /** A search-select (flows, keys): open it and pick the option whose text the value names, or `pick` the first real one. */
  async #pickFromSearchSelect(field: string, value: string | ((options: string[]) => string | null)): Promise<Matched | null> {
    const page = this.page;
    const input = page.getByRole('textbox', { name: field, exact: true }).filter({ visible: true }).first();
    await input.scrollIntoViewIfNeeded({ timeout: TIMEOUT_MS });
    await input.click({ timeout: TIMEOUT_MS });
    const list = page.locator('ak-list-select').filter({ visible: true }).last();
    await list.waitFor({ timeout: TIMEOUT_MS });
    const texts = (await list.getByRole('option').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t && !/^-+$/.test(t));
    const want = typeof value === 'function' ? value(texts) : value;
    if (want === null) throw new UiMissing('option', field, null, texts);
    const exact = texts.find((t) => normalizeLabel(t) === normalizeLabel(want) || normalizeLabel(t).startsWith(`${normalizeLabel(want)} `));
    const m = exact ? null : matchLabel(want, texts);
    const ui = exact ?? (m && m.kind !== 'none' ? m.ui : null);
    if (!ui) throw new UiMissing('option', want, m && m.kind === 'none' ? m.nearest : null, texts);
    await list.getByRole('option').filter({ hasText: ui.split(' ')[0]! }).first().click({ timeout: TIMEOUT_MS });
    return exact || typeof value === 'function' ? null : { thing: 'option', guide: want, ui };
  }

  /** "**Name**: Portainer": a text field, a choice or a search-select, by the label the guide gives. */
  async fill(label: string, value: string): Promise<Matched[]> {
    const snap = await this.#snapshot();
    const matched: Matched[] = [];
    const fields = [...namesIn(snap, 'textbox'), ...namesIn(snap, 'radiogroup')];
    const { ui, matched: m } = this.#match('field', label, fields);
    if (m) matched.push(m);
    if (namesIn(snap, 'radiogroup').includes(ui)) return [...matched, ...(await this.choose(value, ui))];
    const box = this.page.getByRole('textbox', { name: ui, exact: true }).filter({ visible: true }).first();
    const isSearch = await box.evaluate((el) => el.classList.contains('pf-c-select__toggle-typeahead')).catch(() => false);
    if (isSearch) {
      const pm = await this.#pickFromSearchSelect(ui, value);
      if (pm) matched.push(pm);
      return matched;
    }
    await box.fill(value, { timeout: TIMEOUT_MS });
    await box.dispatchEvent('change').catch(() => undefined);
    return matched;
  }

  /** Reads a text field's current value (what the wizard proposes: the slug, the provider's name). */
  async valueOf(label: string): Promise<string | null> {
    const box = this.page.getByRole('textbox', { name: label, exact: true }).filter({ visible: true }).first();
    if (!(await box.count())) return null;
    return box.inputValue({ timeout: SHORT_MS }).catch(() => null);
  }

  /** The redirect URIs entered so far, in order: the rows must hold them all, whatever the form re-renders. */
  readonly #redirects: Array<{ mode: string; type: string; url: string }> = [];

  /**
   * "Set a `Strict` redirect URI to …", 2026.5: "Add a Redirect URI of type `Strict` `Authorization` …". A row per
   * URI ("Add entry" adds one). Adding a row re-renders the list, and on the real 2026.5 a row entered before could
   * come back empty: after each change every row entered so far is checked and set again where it differs.
   */
  async redirectUri(matchingMode: 'strict' | 'regex', kind: 'authorization' | 'post-logout', url: string): Promise<{ typed: boolean }> {
    const page = this.page;
    const rows = page.locator('ak-provider-oauth2-redirect-uri').filter({ visible: true });
    this.#redirects.push({ mode: matchingMode === 'regex' ? 'Regex' : 'Strict', type: kind === 'post-logout' ? 'Post Logout' : 'Authorization', url });
    let typed = true;
    for (let attempt = 0; attempt < 3; attempt++) {
      while ((await rows.count()) < this.#redirects.length) {
        const add = page.getByRole('button', { name: 'Add entry', exact: true }).filter({ visible: true }).first();
        if (!(await add.count())) throw new UiMissing('button', 'Add entry', null, []);
        const before = await rows.count();
        await add.click({ timeout: TIMEOUT_MS });
        await expectCount(rows, before + 1);
      }
      let changed = false;
      for (const [i, want] of this.#redirects.entries()) {
        const row = rows.nth(i);
        const mode = row.locator('select[name="matchingMode"]');
        const type = row.locator('select[name="redirectUriType"]');
        const input = row.locator('input[name="url"]');
        typed = (await type.count()) > 0; // authentik before 2026.5 has no type per row
        if ((await input.inputValue()) !== want.url) {
          await input.fill(want.url, { timeout: TIMEOUT_MS });
          await input.press('Tab'); // the change a person makes by leaving the field
          changed = true;
        }
        if ((await mode.inputValue()) !== (want.mode === 'Regex' ? 'regex' : 'strict')) {
          await mode.selectOption({ label: want.mode }, { timeout: TIMEOUT_MS });
          changed = true;
        }
        if (typed && (await type.inputValue()) !== (want.type === 'Post Logout' ? 'logout' : 'authorization')) {
          await type.selectOption({ label: want.type }, { timeout: TIMEOUT_MS });
          changed = true;
        }
      }
      if (!changed) break;
    }
    return { typed };
  }

  /** "Select any available signing key": the first key the list offers. */
  async anyOption(field: string): Promise<string> {
    let chosen = '';
    await this.#pickFromSearchSelect(field, (opts) => {
      chosen = opts[0] ?? '';
      return opts[0] ?? null;
    });
    return chosen;
  }

  /** "the authorization flow to use for this provider": the flow named by its slug, as the list shows it. */
  async pickFlow(field: string, slug: string): Promise<void> {
    await this.#pickFromSearchSelect(field, (opts) => opts.find((o) => o.includes(slug)) ?? null);
  }

  /** The fields of the page in view (for a field the guide names that is not there). */
  async fieldNames(): Promise<string[]> {
    const snap = await this.#snapshot();
    return [...namesIn(snap, 'textbox'), ...namesIn(snap, 'radiogroup')];
  }
}
