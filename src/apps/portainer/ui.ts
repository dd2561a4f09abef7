/**
 * What Portainer's UI needs beyond a label. Each piece is named and cites ../shared/reference/portainer.md,
 * so that when Portainer changes, the one place to fix is obvious. Labels, values and order never live here:
 * they come from the guide.
 */
import type { Locator, Page } from 'playwright-core';

export const TIMEOUTS = {
  /** How long a label the guide names may take to render before it counts as missing. */
  lookup: 5_000,
  /** One click, fill or page change. */
  action: 10_000,
  /** Login form, settings page, confirmation toast. */
  page: 15_000,
  /** From the SSO return to the user menu or an error. */
  signInResult: 30_000,
  /** From "Login with OAuth" to Portainer's POST /api/auth/oauth/validate (the authentik login happens in between). */
  validateCapture: 180_000,
  /** How long to wait for the validate response once the page already shows the outcome. */
  validateAfterOutcome: 5_000,
} as const;

/** A CSS string literal for an attribute selector built from a value the page itself gave us (ids, for=). */
export function cssString(value: string): string {
  return JSON.stringify(value);
}

// ---- Login page (reference 4.2, 3.1-3.3) -------------------------------------------------------------------

export const LOGIN_ROUTE = '#!/auth';

export const loginPage = {
  username: (page: Page) => page.locator('#username'),
  password: (page: Page) => page.locator('#password'),
  /** "Login" ("Login in progress..." while busy), [data-cy="auth-loginButton"]. */
  submit: (page: Page) => page.getByRole('button', { name: /^\s*Login\s*$/i }),
  /** With OAuth on, the username/password form hides behind this div (4.2). */
  useInternalAuthentication: (page: Page) => page.getByText('Use internal authentication', { exact: true }),
  /** Inline error under the login panel, span.text-danger (4.2). */
  error: (page: Page) => page.locator('span.text-danger').filter({ hasText: /\S/ }).filter({ visible: true }),
  /** The OAuth button: an <a> around a div; "Login with OAuth" for a custom provider, no id or data-cy (3.2). */
  oauthLink: (page: Page) => page.getByRole('link', { name: /^\s*Login with\b/i }),
};

/** What Portainer shows after a failed OAuth return (2.6): the 403/500 answer, or the client-side state check. */
export const OAUTH_LOGIN_ERROR = /Unable to login via OAuth|Invalid OAuth state/i;

/**
 * authentik's own error pages that can end an SSO attempt before it gets back to Portainer (authentik.md G:
 * ".pf-c-title" "Redirect URI Error"; a policy denial's card title "Permission denied"). The Portainer driver
 * watches for them only to tell "authentik stopped it" from "Portainer stopped it" in signedInUser().
 */
export const IDP_ERROR_TITLES = ['Redirect URI Error', 'Permission denied'] as const;

// ---- Header user menu (reference 4.5) ----------------------------------------------------------------------

export const userMenu = {
  /** Contains a <span> with the username (hidden below the lg breakpoint, so read textContent, not innerText). */
  button: (page: Page) => page.locator('button[data-cy="userMenu-button"]'),
  logOut: (page: Page) => page.locator('[data-cy="userMenu-logOut"]'),
};

/** The cookie that carries the session JWT since 2.20 (reference 1.4, 5.4). */
export const SESSION_COOKIE = 'portainer_api_key';

/**
 * Portainer's toasts sit at the top right, over the header's user menu, for a few seconds after "Save settings".
 * A person closes them or waits. Portainer's toasts have a close button (toastr `closeButton: true` before the
 * React rewrite, `app/portainer/services/notifications.ts`; react-toastify's close button after; the selectors
 * of both are a guess beyond reference 4.4, which only says the toasts are React), so close what can be closed,
 * then wait (bounded) for the rest to go.
 */
export async function clearToastsOver(page: Page, target: Locator, timeout: number): Promise<void> {
  const covered = await target
    .click({ trial: true, timeout: 1_000 })
    .then(() => false)
    .catch(() => true);
  if (!covered) return;
  const toasts = page.locator('.Toastify__toast, #toast-container > .toast').filter({ visible: true });
  for (const toast of await toasts.all()) {
    const close = toast
      .locator('.Toastify__close-button, .toast-close-button')
      .or(toast.getByRole('button', { name: /^(close|dismiss|×)$/i }));
    if ((await close.count()) > 0) await close.first().click({ timeout: 1_000 }).catch(() => undefined);
  }
  for (const toast of await toasts.all()) await toast.waitFor({ state: 'hidden', timeout }).catch(() => undefined);
}

// ---- Navigation (reference 4.1, 4.4) ------------------------------------------------------------------------

/**
 * Where a navigation path of the guide lands, for when the sidebar cannot be followed by its labels (a collapsed
 * sidebar shows icons only). The landing page's title is checked either way.
 */
export const KNOWN_PAGES: readonly { path: readonly string[]; route: string; title: string }[] = [
  { path: ['Settings', 'Authentication'], route: '#!/settings/auth', title: 'Authentication settings' },
];

/** The sidebar and other menus, where a navigation label is looked for first. */
export function menus(page: Page): Locator {
  return page.locator('nav, [role="navigation"], aside, .sidebar');
}

export function pageTitle(page: Page, title: string): Locator {
  return page
    .getByRole('heading', { name: title, exact: true })
    .or(page.getByText(title, { exact: true }))
    .filter({ visible: true })
    .first();
}

// ---- Buttons whose outcome Portainer confirms (reference 4.4 item 6) ---------------------------------------

export interface ConfirmedButton {
  label: string;
  request: { method: string; path: string };
  success: string;
  failure: string;
}

export const CONFIRMED_BUTTONS: readonly ConfirmedButton[] = [
  {
    label: 'Save settings',
    request: { method: 'PUT', path: '/api/settings' },
    success: 'Authentication settings updated',
    failure: 'Unable to update authentication settings',
  },
];

// ---- Widgets that need more than a click on their label ----------------------------------------------------

/** Resolves once `box` has the wanted checked state, or returns false after the timeout. */
export async function waitChecked(page: Page, box: Locator, checked: boolean, timeout: number): Promise<boolean> {
  try {
    await box.and(page.locator(checked ? ':checked' : ':not(:checked)')).waitFor({ state: 'attached', timeout });
    return true;
  } catch {
    return false;
  }
}

/**
 * Portainer's BoxSelector (reference 4.4, "Authentication method" and "Provider"): each option is a radio hidden
 * with display:none plus a `label[for=<radio id>]`; only the label can be clicked, and the radio's checked state
 * tells whether the choice took.
 */
export function boxSelectorOption(
  page: Page,
  found: { labelIndex: number; radioId: string | null },
): { label: Locator; radio: Locator } {
  if (found.radioId) {
    return {
      label: page.locator(`label[for=${cssString(found.radioId)}]`).filter({ visible: true }).first(),
      radio: page.locator(`[id=${cssString(found.radioId)}]`),
    };
  }
  const label = page.locator('label').nth(found.labelIndex);
  return { label, radio: label.locator('input[type="radio"]') };
}

/**
 * Portainer's switches (reference 4.4 item 2, and the React SwitchField of "Use SSO"): the checkbox sits in a
 * `label.switch` and CSS gives it opacity 0 and size 0, so a person clicks the `span.slider` drawn next to it.
 * "Automatic user provisioning" also has a `<label for="tls">` that names no such input, so neither getByLabel
 * nor a click on its text reaches the checkbox; the scanner finds the checkbox next to the text instead.
 */
export async function flipSwitch(box: Locator, timeout: number): Promise<void> {
  const slider = box.locator('xpath=..').locator('span.slider').filter({ visible: true });
  if ((await slider.count()) > 0) {
    await slider.first().click({ timeout });
  } else if (await box.isVisible()) {
    await box.click({ timeout });
  } else {
    await box.locator('xpath=ancestor::label[1]').click({ timeout });
  }
}

/**
 * "Custom" (like every provider preset) resets the Authorization, Access token, Resource and Logout URLs, the
 * user identifier and the scopes (reference 4.4 item 4, `useDefaultProviderConfiguration`). A guide that fills
 * those before choosing the provider loses them; the driver re-reads what it filled after every choice.
 */
export async function fieldsClearedByChoice(filled: Map<string, { label: string; field: Locator; value: string }>) {
  const cleared: string[] = [];
  for (const { label, field, value } of filled.values()) {
    // A field the choice removed from the page was not cleared; only one still shown with another value was.
    if (!(await field.isVisible())) continue;
    const now = await field.inputValue({ timeout: 1_000 }).catch(() => null);
    if (now !== null && now !== value) cleared.push(label);
  }
  return cleared;
}
