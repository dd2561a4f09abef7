/**
 * What an application driver knows that a guide cannot say: where the app is, how to bootstrap an admin,
 * how to perform a UI step by the guide's own labels, and how to tell who is signed in.
 * Everything else (labels, values, choices, order) comes from the guide through the plan.
 */
import type { Page } from 'playwright-core';
import type { Stack } from '../stack/types.js';

export interface SignedIn {
  ok: true;
  /** The username the application shows in its page. */
  username: string;
  /** The username the application's API says the session belongs to. */
  apiUsername: string;
}
export interface SignInFailed {
  ok: false;
  /** What the application showed the user, e.g. "Unable to login via OAuth". */
  shown: string;
  /** The application's own error from its API response, e.g. Portainer's "Account not created beforehand ...". */
  appMessage: string | null;
  /** Where the browser ended up. */
  url: string;
}

export type DriverErrorKind =
  | 'field-not-found'
  | 'option-not-found'
  | 'navigation-not-found'
  | 'button-not-found'
  | 'save-failed'
  | 'bootstrap-failed'
  /** The element exists but did not keep what the guide set (disabled, reset by a later choice, value refused). */
  | 'value-not-accepted';

/** A UI element the guide names does not exist, or the app refused an action. Becomes a finding at the guide's line. */
export class DriverError extends Error {
  override name = 'DriverError';
  constructor(
    readonly kind: DriverErrorKind,
    message: string,
    readonly label: string | null = null,
    readonly appMessage: string | null = null,
  ) {
    super(message);
  }
}

/** Which of a guide's alternative configuration blocks a run applies: a file (a process) or environment variables (containers). */
export type ConfigForm = 'file' | 'env';

/** One key of a guide's configuration block, its value resolved for the stack (references taken, hosts mapped). */
export interface ConfigEntry {
  /** The top-level key as the guide writes it: `OAUTH2_CONFIG`, `PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER`. */
  key: string;
  /** Where the value sits inside the key's structured value: ['OAUTH2_CONFIG', 0, 'OAUTH2_CLIENT_ID']; [key] for a scalar. */
  keyPath: Array<string | number>;
  /** The value to write: for syntax 'string' the text itself, for 'literal' the guide's literal (True, ['oauth2']). */
  value: string;
  syntax: 'string' | 'literal';
  /** The guide line of this key, for findings. */
  line: number;
  secret: boolean;
}

/** Something the application says about a configuration key that does not stop the run (a key it ignores). */
export interface ConfigNote {
  keyPath: Array<string | number>;
  severity: 'error' | 'warning' | 'info';
  message: string;
  evidence: string;
}

/**
 * How an application takes a guide's application half: through its UI (Portainer: navigate, choose, fill, save), or
 * through configuration the guide hands over in code blocks (pgAdmin: `config_local.py` or `PGADMIN_CONFIG_*`
 * environment variables, then a restart). The planner shapes the plan by it.
 */
export type DriverShape = 'ui' | 'configuration';

/** What the planner and the reports know of a driver, without loading it (a driver loads Playwright). */
export interface DriverInfo {
  /** e.g. "portainer" */
  readonly name: string;
  /** Human name used in findings: "Portainer". */
  readonly displayName: string;
  /** 'ui' when absent. */
  readonly takes?: DriverShape;
  /**
   * Which of the test user's attributes the application shows as the signed-in user when the guide names no
   * identifier claim; 'username' when absent.
   */
  readonly defaultUserField?: 'username' | 'email' | 'name';
}

export interface AppDriver extends DriverInfo {
  /** Creates the admin if the instance has none (idempotent) and returns the app's version. */
  bootstrap(stack: Stack): Promise<{ version: string }>;
  /** Signs in as the application's admin through its own login form. */
  signInAsAdmin(page: Page, stack: Stack): Promise<void>;
  /** Follows the guide's navigation path, e.g. ["Settings", "Authentication"]. */
  navigate(page: Page, path: string[]): Promise<void>;
  /** Selects an option (radio box, select, tab) by the guide's label, optionally inside the named group. */
  choose(page: Page, option: string, under: string | null): Promise<void>;
  /** Turns a switch on or off by the guide's label. */
  toggle(page: Page, label: string, on: boolean): Promise<void>;
  /** Fills the field the guide names with the guide's (resolved) value. */
  fill(page: Page, label: string, value: string): Promise<void>;
  /** Clicks a button by the guide's label, e.g. "Save settings", and waits for the app to confirm. */
  click(page: Page, label: string): Promise<void>;
  /** Signs the current user out of the application (its own logout, which may redirect to the logout URL). */
  signOut(page: Page): Promise<void>;
  /** Starts the SSO login from the application's own login page (e.g. Portainer's "Login with OAuth"). */
  startSsoLogin(page: Page, stack: Stack): Promise<void>;
  /** After authentik sent the browser back: who is signed in, or what the app showed instead. */
  signedInUser(page: Page, stack: Stack): Promise<SignedIn | SignInFailed>;
  /** Undoes what the run changed in the app (settings restored, users it created removed). */
  cleanup(stack: Stack): Promise<void>;
  /**
   * Optional (added for the run engine): the label of the application's save button, used when a guide lists
   * settings but never says how to save them (e.g. Portainer's "Save settings").
   */
  readonly saveLabel?: string;
  /**
   * Optional (added for the run engine): reads the application's refusal of a sign-in, e.g. Portainer's
   * "Account not created beforehand ... automatic user provisioning not enabled" → the user was not provisioned,
   * and `setting` is the label of what enables it ("Automatic user provisioning").
   */
  explainSignInFailure?(failed: SignInFailed): { cause: 'user-not-provisioned'; setting: string } | null;
  /**
   * Optional, for applications a guide configures through a code block (takes: 'configuration'): applies the
   * block's keys in the given form, keeping what was there to restore at cleanup. Returns what the application
   * ignores. Throws a DriverError whose `label` is the key it concerns when the configuration cannot be applied.
   */
  configure?(stack: Stack, form: ConfigForm, entries: ConfigEntry[]): Promise<ConfigNote[]>;
  /**
   * Optional, with `configure`: restarts the application so that it reads the configuration, and returns once it
   * answers. A refusal is a DriverError('value-not-accepted') with the application's own words as `appMessage`, and
   * the key they name (if any) as `label`.
   */
  restart?(stack: Stack): Promise<void>;
}
