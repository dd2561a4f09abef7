/**
 * The pgAdmin 4 driver: pgAdmin is configured through a file (config_local.py) or environment variables, not through
 * its UI, so the driver writes the guide's configuration, restarts pgAdmin as the guide says, starts the SSO login by
 * the button the guide's display name gives, and reads who is signed in from pgAdmin's page and its API.
 * Facts from pgAdmin 9.18's source (pgadmin4 on PyPI):
 * - the login page renders one button per OAUTH2_CONFIG entry, "Login with <OAUTH2_DISPLAY_NAME>"
 *   (static/js/SecurityPages/LoginPage.jsx), posting oauth2_button=<OAUTH2_NAME> to /authenticate/login;
 * - an OpenID sign-in makes the user's email its pgAdmin username (authenticate/oauth2.py _resolve_username);
 * - the signed-in page shows "<username> (<auth source>)" on the user menu button (data-test="loggedin-username",
 *   static/js/AppMenuBar.jsx); GET /user_management/current_user.js gives the session's user id and auth source.
 *
 * The form follows the stack. pgAdmin as a process (an external stack) takes the guide's config_local.py; it needs
 * besides its URL and admin (README, the external stack's env file): DOCPROOF_APP_CONFIG_FILE (the config_local.py
 * pgAdmin reads; docproof keeps what was there and puts it back), DOCPROOF_APP_RESTART (a command that restarts
 * pgAdmin and returns once it answers) and, for pgAdmin's own words in findings, DOCPROOF_APP_LOG (its LOG_FILE).
 * pgAdmin in a container the stack can recreate (compose: Stack.app.recreateWithEnv) takes the guide's
 * PGADMIN_CONFIG_* variables: the container is recreated with them, and again without them at cleanup; its output
 * is pgAdmin's log.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page, Response } from 'playwright-core';
import type { Stack } from '../../stack/types.js';
import { leafKey } from '../../guide/extract/config-blocks.js';
import { DriverError, type AppDriver, type ConfigEntry, type ConfigForm, type ConfigNote, type SignedIn, type SignInFailed } from '../types.js';
import { PgAdminApi } from './api.js';
import { pgadminDriverInfo } from './info.js';
import { configKey, displayNameOf, ENV_PREFIX, renderConfigLocal, renderEnv, unknownKeys } from './config.js';
import { appLogMark, appLogSince, logMark, logSince, pgadminWords } from './log.js';
import { AppRecreateError } from '../../stack/types.js';

const PAGE_TIMEOUT_MS = 20_000;
const BUTTON_TIMEOUT_MS = 10_000;
const RESTART_TIMEOUT_MS = 120_000;

interface Baseline {
  /** config_local.py as it was before the run; null when there was none. */
  config: string | null;
  userIds: Set<number>;
  configured: boolean;
}

interface Session {
  form: ConfigForm;
  entries: ConfigEntry[];
  /** The log's size when the SSO login started. */
  logMark: number;
  /** pgAdmin's answer to the OAuth callback (/oauth2/authorize) and to the button (/authenticate/login). */
  answers: Array<{ path: string; status: number }>;
}

function must(value: string | undefined, key: string, what: string): string {
  if (!value) throw new DriverError('bootstrap-failed', `pgAdmin is configured through a file: the stack must name ${what} (${key} in the external stack's env file)`);
  return value;
}

export class PgAdminDriver implements AppDriver {
  readonly name = pgadminDriverInfo.name;
  readonly displayName = pgadminDriverInfo.displayName;
  readonly takes = pgadminDriverInfo.takes;
  readonly defaultUserField = pgadminDriverInfo.defaultUserField;

  private readonly baselines = new WeakMap<Stack, Baseline>();
  private readonly sessions = new WeakMap<Stack, Session>();
  private readonly versions = new WeakMap<Stack, string>();

  // ---- bootstrap, configuration, restart, cleanup ----------------------------------------------------------

  /**
   * pgAdmin's first admin is made by pgAdmin's own first start (PGADMIN_SETUP_EMAIL / PGADMIN_SETUP_PASSWORD, or
   * `setup.py add-user`): whoever runs pgAdmin does that. Here: it answers, its admin signs in, and what the run
   * will change (the configuration file, the users) is remembered.
   */
  async bootstrap(stack: Stack): Promise<{ version: string }> {
    const api = new PgAdminApi(stack.app.url);
    let version: string;
    try {
      version = await api.version();
      await api.signIn(stack.app.adminUser, stack.app.adminPassword);
    } catch (err) {
      throw new DriverError('bootstrap-failed', `pgAdmin at ${stack.app.url}: ${(err as Error).message}`);
    }
    this.versions.set(stack, version);
    if (!this.baselines.has(stack)) {
      const file = stack.app.configFile;
      const users = await api.users().catch((err: unknown) => {
        throw new DriverError('bootstrap-failed', `reading pgAdmin's users before the run: ${(err as Error).message}`);
      });
      this.baselines.set(stack, {
        config: file && existsSync(file) ? readFileSync(file, 'utf8') : null,
        userIds: new Set(users.map((u) => u.id)),
        configured: false,
      });
    }
    return { version };
  }

  async configure(stack: Stack, form: ConfigForm, entries: ConfigEntry[]): Promise<ConfigNote[]> {
    // Environment variables are a container's: only a stack that recreates pgAdmin's container can apply them, which
    // it does at the restart. The file is written now.
    if (form === 'env' && !stack.app.recreateWithEnv) {
      throw new DriverError('bootstrap-failed', `this stack runs pgAdmin as a process: it applies the guide's config_local.py, not environment variables`);
    }
    const file = form === 'file' ? must(stack.app.configFile, 'DOCPROOF_APP_CONFIG_FILE', "pgAdmin's config_local.py") : null;
    const baseline = this.baselines.get(stack);
    if (baseline) baseline.configured = true;
    if (file) {
      // Written whole, then renamed: pgAdmin never reads half a file.
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.docproof-${process.pid}`);
      writeFileSync(tmp, renderConfigLocal(form, entries), { mode: 0o600 });
      renameSync(tmp, file);
    }
    this.sessions.set(stack, { form, entries, logMark: 0, answers: [] });
    return unknownKeys(form, entries, this.versions.get(stack) ?? '');
  }

  async restart(stack: Stack): Promise<void> {
    const session = this.sessions.get(stack);
    if (session?.form === 'env') return this.recreate(stack, session);
    const command = must(stack.app.restart, 'DOCPROOF_APP_RESTART', 'a command that restarts pgAdmin');
    const mark = logMark(stack.app.log);
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile('/bin/sh', ['-c', command], { timeout: RESTART_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
        resolve({ code: err ? 1 : 0, out: `${stdout}\n${stderr}` });
      });
    });
    if (result.code === 0) return;
    const words = pgadminWords(result.out) ?? pgadminWords(logSince(stack.app.log, mark)) ?? result.out.trim().split('\n').slice(-1)[0] ?? '';
    const key = session ? (keyOfTraceback(result.out, renderConfigLocal(session.form, session.entries)) ?? blame(words, session)) : null;
    throw new DriverError('value-not-accepted', `pgAdmin did not start with the guide's configuration: ${words}`, key, words);
  }

  /**
   * The env form's restart: pgAdmin's container recreated with the guide's variables. pgAdmin refusing them stops
   * the container; its output (a traceback through config_distro.py, or its error) is the evidence, at the key it names.
   */
  private async recreate(stack: Stack, session: Session): Promise<void> {
    try {
      await stack.app.recreateWithEnv!(renderEnv(session.entries));
    } catch (err) {
      if (!(err instanceof AppRecreateError)) throw err;
      const words = pgadminWords(err.output) ?? err.message;
      const key = keyOfTraceback(err.output, '') ?? blame(words, session);
      throw new DriverError('value-not-accepted', `pgAdmin did not start with the guide's environment variables: ${words}`, key, words);
    }
  }

  async cleanup(stack: Stack): Promise<void> {
    const baseline = this.baselines.get(stack);
    if (!baseline) return;
    this.baselines.delete(stack);
    const problems: string[] = [];
    if (baseline.configured && this.sessions.get(stack)?.form === 'env') {
      // The container as the stack made it: recreated without the guide's variables.
      await stack.app.recreateWithEnv!({}).catch((err: unknown) => problems.push(`recreating it without the guide's variables: ${(err as Error).message}`));
    } else if (baseline.configured && stack.app.configFile) {
      try {
        if (baseline.config === null) rmSync(stack.app.configFile, { force: true });
        else writeFileSync(stack.app.configFile, baseline.config);
        if (stack.app.restart) await this.restart(stack);
      } catch (err) {
        problems.push(`restoring its configuration: ${(err as Error).message}`);
      }
    }
    try {
      const api = new PgAdminApi(stack.app.url);
      await api.signIn(stack.app.adminUser, stack.app.adminPassword);
      for (const u of await api.users()) {
        if (baseline.userIds.has(u.id)) continue;
        await api.deleteUser(u.id).catch((err: unknown) => problems.push(`deleting user "${u.username}": ${(err as Error).message}`));
      }
    } catch (err) {
      problems.push(`removing the users the run created: ${(err as Error).message}`);
    }
    if (problems.length) throw new Error(`pgAdmin cleanup at ${stack.app.url} failed: ${problems.join('; ')}`);
  }

  // ---- admin sign-in and the UI steps pgAdmin's guides do not have --------------------------------------------

  async signInAsAdmin(page: Page, stack: Stack): Promise<void> {
    await page.goto(`${stack.app.url}/login`, { timeout: PAGE_TIMEOUT_MS });
    await page.getByPlaceholder('Email Address / Username').fill(stack.app.adminUser);
    await page.getByPlaceholder('Password').fill(stack.app.adminPassword);
    await page.getByRole('button', { name: 'Login', exact: true }).click();
    const menu = userMenu(page);
    try {
      await menu.waitFor({ state: 'visible', timeout: PAGE_TIMEOUT_MS });
    } catch {
      throw new DriverError('bootstrap-failed', `signing in to pgAdmin as "${stack.app.adminUser}" did not show its user menu: ${(await shownMessage(page)) ?? page.url()}`);
    }
  }

  async navigate(_page: Page, path: string[]): Promise<void> {
    throw uiStep(`the navigation "${path.join(' > ')}"`);
  }
  async choose(_page: Page, option: string): Promise<void> {
    throw uiStep(`the option "${option}"`);
  }
  async toggle(_page: Page, label: string): Promise<void> {
    throw uiStep(`the switch "${label}"`);
  }
  async fill(_page: Page, label: string): Promise<void> {
    throw uiStep(`the field "${label}"`);
  }
  async click(_page: Page, label: string): Promise<void> {
    throw uiStep(`the button "${label}"`);
  }

  // ---- the SSO sign-in and who is signed in --------------------------------------------------------------------

  async startSsoLogin(page: Page, stack: Stack): Promise<void> {
    const session = this.sessions.get(stack);
    const display = session ? displayNameOf(session.form, session.entries) : null;
    if (session) {
      session.logMark = await appLogMark(stack.app);
      session.answers = [];
      page.on('response', (r: Response) => {
        const p = new URL(r.url()).pathname;
        if (r.url().startsWith(stack.app.url) && (p === '/oauth2/authorize' || p === '/authenticate/login')) session.answers.push({ path: p, status: r.status() });
      });
    }
    await page.goto(`${stack.app.url}/login`, { timeout: PAGE_TIMEOUT_MS });
    // pgAdmin labels the button "Login with <OAUTH2_DISPLAY_NAME>"; without a display name it says "Login with ".
    const label = `Login with ${display ?? ''}`.trim();
    const button = page.getByRole('button', { name: label, exact: true });
    try {
      await button.waitFor({ state: 'visible', timeout: BUTTON_TIMEOUT_MS });
    } catch {
      const shown = (await page.getByRole('button').allInnerTexts().catch(() => [])).map((t) => t.trim()).filter(Boolean);
      throw new DriverError(
        'button-not-found',
        `pgAdmin ${this.versions.get(stack) ?? ''}'s login page has no "${label}" button (it shows ${shown.length ? shown.map((s) => `"${s}"`).join(', ') : 'no button'})`.replace('pgAdmin \'s', "pgAdmin's"),
        'OAUTH2_DISPLAY_NAME',
      );
    }
    await button.click();
    // The button posts to pgAdmin, which answers with a redirect to the authorization URL, or fails itself.
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: PAGE_TIMEOUT_MS }).catch(() => undefined);
    const failed = session?.answers.find((a) => a.path === '/authenticate/login' && a.status >= 500);
    if (failed && session) {
      await sleep(300); // pgAdmin writes the traceback after the answer
      const words = pgadminWords(await appLogSince(stack.app, session.logMark));
      throw new DriverError(
        'value-not-accepted',
        `pgAdmin failed to start the sign-in (HTTP ${failed.status})${words ? `: ${words}` : ''}`,
        words ? blame(words, session) : null,
        words,
      );
    }
  }

  async signedInUser(page: Page, stack: Stack): Promise<SignedIn | SignInFailed> {
    const session = this.sessions.get(stack);
    const menu = userMenu(page);
    const deadline = Date.now() + PAGE_TIMEOUT_MS;
    // pgAdmin answers the callback with the browser page (signed in), the login page with its flashed message,
    // or an error (HTTP 500) when a call to authentik failed.
    while (Date.now() < deadline) {
      if (await menu.isVisible().catch(() => false)) break;
      const callback = session?.answers.find((a) => a.path === '/oauth2/authorize');
      if (callback && callback.status >= 400) break;
      if (new URL(page.url()).pathname.startsWith('/login') && (await shownMessage(page))) break;
      await sleep(200);
    }
    if (await menu.isVisible().catch(() => false)) {
      const shownText = (await menu.innerText()).replace(/\s+/g, ' ').trim();
      // "<username> (<auth source>)"
      const username = shownText.replace(/\s*\([^)]*\)\s*$/, '');
      const apiUsername = await this.apiUsername(page, stack);
      return { ok: true, username, apiUsername };
    }
    await sleep(300);
    const callback = session?.answers.find((a) => a.path === '/oauth2/authorize');
    const words = session ? pgadminWords(await appLogSince(stack.app, session.logMark)) : null;
    const shown = (await shownMessage(page)) ?? (callback ? `HTTP ${callback.status} at /oauth2/authorize` : `no signed-in user at ${new URL(page.url()).pathname}`);
    return { ok: false, shown, appMessage: words, url: page.url() };
  }

  /** The session's user as pgAdmin's user management API knows it (current_user.js gives the id; admins list users). */
  private async apiUsername(page: Page, stack: Stack): Promise<string> {
    const js = await (await page.request.get(`${stack.app.url}/user_management/current_user.js`)).text();
    const id = Number(/'id':\s*(\d+)/.exec(js)?.[1]);
    const source = /'current_auth_source':\s*'([^']*)'/.exec(js)?.[1] ?? '';
    const api = new PgAdminApi(stack.app.url);
    await api.signIn(stack.app.adminUser, stack.app.adminPassword);
    const user = (await api.users()).find((u) => u.id === id);
    if (!user) throw new Error(`pgAdmin's API knows no user ${id}`);
    if (source && source !== user.auth_source) throw new Error(`pgAdmin's session says auth source ${source}, its user list ${user.auth_source}`);
    return user.username;
  }

  async signOut(page: Page): Promise<void> {
    // pgAdmin asks a user without a password of its own (an OAuth2 user) to set a master password as soon as the
    // browser page opens (MASTER_PASSWORD_REQUIRED); a reader who only signs out cancels it.
    // It opens a moment after the page (after pgAdmin's own check, GET /browser/master_password).
    const dialogCancel = page.locator('.MuiDialog-root').filter({ hasText: 'Master Password' }).locator('button', { hasText: 'Cancel' }).first();
    const menu = userMenu(page);
    const deadline = Date.now() + PAGE_TIMEOUT_MS;
    for (;;) {
      if (await dialogCancel.isVisible().catch(() => false)) await dialogCancel.click({ timeout: 2_000 }).catch(() => undefined);
      try {
        await menu.click({ timeout: 1_000 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
    await page.getByRole('menuitem', { name: 'Logout' }).click({ timeout: PAGE_TIMEOUT_MS });
    await page.waitForURL((u) => u.pathname.startsWith('/login'), { timeout: PAGE_TIMEOUT_MS });
  }
}

function userMenu(page: Page) {
  return page.locator('[data-test="loggedin-username"]');
}

/** The message pgAdmin's login page shows (a flashed error), or null. */
async function shownMessage(page: Page): Promise<string | null> {
  const texts = await page
    .locator('[role="alert"], .MuiAlert-message, [data-test="notifier-message"]')
    .allInnerTexts()
    .catch(() => [] as string[]);
  const t = [...new Set(texts.map((x) => x.replace(/\s+/g, ' ').trim()).filter(Boolean))];
  return t.length ? t.join(' ') : null;
}

function uiStep(what: string): DriverError {
  return new DriverError('navigation-not-found', `pgAdmin has no settings page: it is configured through config_local.py or environment variables, so ${what} of the guide has no place in it`);
}

/**
 * The key pgAdmin's words are about: one whose name they say (`OAUTH2_CLIENT_SECRET`), else one whose value they
 * quote (a URL pgAdmin could not reach). Secrets are never matched by value.
 */
export function blame(words: string, session: Pick<Session, 'form' | 'entries'>): string | null {
  const named = session.entries.filter((e) => {
    const leaf = e.keyPath[e.keyPath.length - 1];
    return typeof leaf === 'string' && new RegExp(`\\b${configKey(session.form, leaf)}\\b`).test(words);
  });
  if (named.length) return leafKey(named[named.length - 1]!.keyPath);
  const quoted = session.entries.filter((e) => !e.secret && e.value.length >= 8 && /^https?:\/\//.test(e.value) && words.includes(e.value));
  if (quoted.length) return leafKey(quoted[0]!.keyPath);
  return null;
}

/**
 * The key of config_local.py that Python's traceback points at (`File ".../config_local.py", line 3`): the line of
 * the file docproof wrote, `KEY = ...` or `    'KEY': ...` inside a structure; or, in a container, the variable whose
 * line of config_distro.py it points at (`OAUTH2_CONFIG = ...` is PGADMIN_CONFIG_OAUTH2_CONFIG).
 */
export function keyOfTraceback(output: string, written: string): string | null {
  const matches = [...output.matchAll(/config_(local|distro)\.py", line (\d+)(?:[^\n]*\n([^\n]*))?/g)];
  const last = matches.at(-1);
  const n = Number(last?.[2]);
  if (!last || !n) return null;
  if (last[1] === 'local') {
    const line = written.split('\n')[n - 1] ?? '';
    return /^\s+'([A-Z][A-Z0-9_]*)':/.exec(line)?.[1] ?? /^([A-Z][A-Z0-9_]*)\s*=/.exec(line)?.[1] ?? null;
  }
  // config_distro.py is the container's, one line per PGADMIN_CONFIG_<KEY> variable, which Python quotes.
  const key = /^\s*([A-Z][A-Z0-9_]*)\s*=/.exec(last[3] ?? '')?.[1];
  return key ? `${ENV_PREFIX}${key}` : null;
}

export const pgadminDriver = new PgAdminDriver();
