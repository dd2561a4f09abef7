/**
 * Performs one plan step in the worker. Each failure becomes either findings about the guide at its lines
 * (StepFailed) or an infrastructure error (InfraError); nothing is repaired behind the guide's back.
 */
import type { Page } from 'playwright-core';
import { driverFor } from '../apps/index.js';
import { DriverError, type AppDriver, type ConfigEntry, type ConfigForm } from '../apps/types.js';
import { AuthentikApi } from '../authentik/api.js';
import { AuthentikApiError } from '../authentik/errors.js';
import { AuthentikLoginError, AuthentikLoginPage } from '../authentik/login.js';
import type { OAuth2AppSpec, ProvisionedApp } from '../authentik/provision.js';
import type { SettingMeaning } from '../plan/meaning.js';
import type { AuthentikUiStep, FillValue, Plan, PlanStep } from '../plan/model.js';
import { AuthentikWalk } from './authentik-walk.js';
import { leafKey } from '../guide/extract/config-blocks.js';
import { AUTHENTIK_HOST, mapValue, SLUG_TOKENS, type Alternate, type Mapping, type PlaceholderMap } from '../plan/placeholders.js';
import { NavLog, originOf, type Landing, type Origins } from './navigation.js';
import type { Masker } from '../stack/mask.js';
import type { Stack } from '../stack/types.js';
import { diagnoseSignIn, type ResolvedSetting } from './diagnose.js';
import { firstLine, InfraError, safeUrl, StepFailed, type RunFinding } from './failures.js';
import { record, recordSecret } from './journal.js';
import { stepWhat } from '../plan/plan.js';
import { slugify } from '../plan/spec.js';
import { withAppControl } from '../stack/app-control.js';

const COMMON_SAVE_LABELS = ['Save settings', 'Save', 'Save changes', 'Update settings'];
/** How long a step waits for the browser to get where a URL of the guide sends it (the answer, not a page). */
const LANDING_TIMEOUT_MS = 15_000;

type StepOf<K extends PlanStep['kind']> = Extract<PlanStep, { kind: K }>;
/** A key of the guide's configuration block, resolved, with the step that set it. */
type ConfigKeyStep = { entry: ConfigEntry; step: StepOf<'configure'> };

export class GuideRun {
  readonly driver: AppDriver;
  readonly api: AuthentikApi;
  readonly login: AuthentikLoginPage;
  readonly mapped: Mapping[] = [];
  readonly versions: { authentik?: string; app?: string } = {};
  /** Findings that do not stop the run (info, warnings): what the instances could not do as the guide says. */
  readonly notes: RunFinding[] = [];
  #provisioned: ProvisionedApp | null = null;
  /** The walk through authentik's admin interface (ui mode), made at its first step. */
  #walk: AuthentikWalk | null = null;
  /** What was asked of authentik: the plan's spec with its placeholders mapped to the stack. */
  #spec: OAuth2AppSpec | null = null;
  /** The redirect URIs as the guide writes them, in the order of #spec's. */
  #writtenRedirects: string[] = [];
  readonly #settings = new Map<SettingMeaning, ResolvedSetting>();
  readonly #placeholders: PlaceholderMap;
  /** One object for the whole run: drivers key what they remember (the baseline to restore) by it. */
  readonly #stack: Stack;
  /** Where the browser was sent (src/run/navigation.ts), and the origins of authentik and the application on the stack. */
  readonly #nav: NavLog;
  readonly #origins: Origins;
  /** Marks in the navigation log: when the SSO login started, when the sign-out started. */
  #ssoMark = 0;
  #signOutMark = 0;
  /** The configuration block's keys of the form this stack applies, resolved, with their steps: applied at the restart. */
  readonly #config: ConfigKeyStep[] = [];
  #configApplied = false;

  constructor(
    readonly page: Page,
    readonly plan: Plan,
    readonly stack: Omit<Stack, 'stop'>,
    readonly masker: Masker,
    readonly journalFile: string,
    readonly secretsFile: string,
    readonly alternates: Alternate[] = [],
  ) {
    const driver = driverFor(plan.app.name);
    if (!driver) throw new InfraError(`no driver named "${plan.app.name}"`);
    this.driver = driver;
    this.api = new AuthentikApi({ baseUrl: stack.authentik.url, token: stack.authentik.token, onCreated: (obj) => record(journalFile, obj) });
    this.login = new AuthentikLoginPage(page);
    // A stack handed over from `docproof run` names its application control; the driver calls it as the stack's own.
    this.#stack = withAppControl({ ...stack, stop: async () => {} });
    this.#placeholders = { hosts: plan.placeholders, slugTokens: SLUG_TOKENS };
    const targetOf = (host: string) => plan.placeholders.find((p) => p.host === host)?.target;
    this.#origins = {
      authentik: [originOf(stack.authentik.url), ...alternates.filter((a) => targetOf(a.host) === 'authentik').map((a) => originOf(a.url))],
      app: [originOf(stack.app.url), ...alternates.filter((a) => targetOf(a.host) === 'app').map((a) => originOf(a.url))],
    };
    const known = new Set([...this.#origins.authentik, ...this.#origins.app]);
    this.#nav = new NavLog(page, (origin) => known.has(origin));
  }


  #map(value: string): string {
    const r = mapValue(value, this.#placeholders, {
      authentikUrl: this.stack.authentik.url,
      appUrl: this.stack.app.url,
      slug: this.#provisioned?.slug ?? null,
      alternates: this.alternates,
    });
    this.mapped.push(...r.mapped);
    return r.value;
  }

  async perform(step: PlanStep): Promise<void> {
    switch (step.kind) {
      case 'bootstrap':
        return this.#bootstrap();
      case 'provision':
        return this.#provision(step);
      case 'sign-in-admin':
        return this.#infra(`sign in to ${this.plan.app.displayName} as its admin`, () => this.driver.signInAsAdmin(this.page, this.#stack));
      case 'navigate':
        return this.#guide(step, () => this.driver.navigate(this.page, step.path));
      case 'choose':
        return this.#guide(step, () => this.driver.choose(this.page, step.option, step.under));
      case 'toggle':
        return this.#guide(step, () => this.driver.toggle(this.page, step.label, step.on));
      case 'fill':
        return this.#fill(step);
      case 'configure':
        return this.#configure(step);
      case 'restart':
        return this.#restart(step);
      case 'click':
        return this.#guide(step, () =>
          step.label === null ? this.#implicitSave() : this.driver.click(this.page, step.label),
        );
      case 'sign-out-admin':
        return this.#infra(`end the admin's session in ${this.plan.app.displayName}`, () => this.#forgetSessions());
      case 'start-sso':
        // A guide that gives a configuration block but never says to restart: the application reads it when it starts.
        if (this.#config.length && !this.#configApplied) await this.#restart({ kind: 'restart', form: this.#form, lines: [], title: 'restart', implicit: true });
        this.#ssoMark = this.#nav.mark();
        return this.#guide(step, () => this.#keyed(() => this.driver.startSsoLogin(this.page, this.#stack)), {
          hint: `the saved settings do not offer a sign-in through authentik in ${this.plan.app.displayName}`,
        });
      case 'sign-in-idp':
        return this.#signInIdp(step);
      case 'assert-identity':
        return this.#assertIdentity(step);
      case 'sign-out':
        this.#signOutMark = this.#nav.mark();
        return this.#guide(step, () => this.driver.signOut(this.page));
      case 'assert-session-ended':
        return this.#assertSessionEnded(step);
    }
  }

  /**
   * One step of the guide's authentik half in authentik's admin interface (ui mode, in place of `provision`). The
   * readback hands over the application as the interface created it, with the credentials it showed.
   */
  async performAuthentikUi(step: AuthentikUiStep): Promise<void> {
    if (!this.#walk) {
      const provision = this.plan.steps.find((s): s is StepOf<'provision'> => s.kind === 'provision');
      if (provision) {
        this.#spec = { ...provision.spec, redirectUris: provision.spec.redirectUris.map((u) => ({ ...u, url: this.#map(u.url) })) };
        this.#writtenRedirects = provision.spec.redirectUris.map((u) => u.url);
      }
      this.#walk = new AuthentikWalk({
        page: this.page,
        api: this.api,
        authentikUrl: this.stack.authentik.url,
        spec: this.#spec,
        map: (v) => this.#map(v),
        secret: (v) => {
          this.masker.add(v);
          recordSecret(this.secretsFile, v);
        },
        version: () => this.versions.authentik ?? this.stack.authentik.version ?? '',
        notes: this.notes,
      });
    }
    const app = await this.#walk.perform(step);
    if (app) this.#provisioned = app;
  }

  async #bootstrap(): Promise<void> {
    await this.#infra('watch where the browser is sent', () => this.#nav.guard(this.page.context()));
    await this.#infra('reach authentik', async () => {
      await this.api.waitReady(60_000);
      this.versions.authentik = (await this.api.server()).version;
    });
    await this.#infra(`bootstrap ${this.plan.app.displayName}`, async () => {
      this.versions.app = (await this.driver.bootstrap(this.#stack)).version;
    });
    await this.#infra('create the test user in authentik', async () => {
      await this.api.ensureUser(this.stack.testUser);
    });
  }

  async #provision(step: StepOf<'provision'>): Promise<void> {
    const spec = { ...step.spec, redirectUris: step.spec.redirectUris.map((u) => ({ ...u, url: this.#map(u.url) })) };
    this.#spec = spec;
    this.#writtenRedirects = step.spec.redirectUris.map((u) => u.url);
    try {
      const app = await this.api.provisionOAuth2(spec);
      this.#provisioned = app;
      this.masker.add(app.clientSecret);
      recordSecret(this.secretsFile, app.clientSecret);
      this.#noteNotSent(step, app.notSent);
    } catch (err) {
      // What authentik refuses to create from the guide's values (400) is the guide's; anything else is ours.
      if (err instanceof AuthentikApiError && err.status === 400) {
        throw new StepFailed([
          {
            ruleId: 'run-provision',
            line: step.lines[0] ?? null,
            message: `authentik refused what the guide creates: ${err.message}`,
            evidence: { authentik: err.message },
          },
        ]);
      }
      throw new InfraError(firstLine(err));
    }
  }

  /** Post-logout redirect URIs an authentik before 2026.5 cannot hold: said at their lines, not silently dropped. */
  #noteNotSent(step: StepOf<'provision'>, notSent: ProvisionedApp['notSent']): void {
    for (const u of notSent) {
      const i = this.#spec?.redirectUris.indexOf(u) ?? -1;
      this.notes.push({
        ruleId: 'run-version-skew',
        severity: 'info',
        line: step.redirectLines[i] ?? step.lines[0] ?? null,
        message: `authentik ${this.versions.authentik ?? ''} has no Post Logout redirect URIs (added in 2026.5): "${u.url}" was not registered; sign-out does not redirect back there on this version`.replace('authentik  ', 'authentik '),
        hint: 'on authentik before 2026.5 a guide cannot ask for a post-logout redirect URI; say from which version the step applies',
      });
    }
  }

  #resolve(step: FillValue & { lines: number[]; label: string }): string {
    const p = this.#provisioned;
    if (step.ref) {
      if (!p) throw new InfraError('nothing was provisioned in authentik to take the value from');
      switch (step.ref) {
        case 'clientId':
          return p.clientId;
        case 'clientSecret':
          return p.clientSecret;
        case 'slug':
          return p.slug;
        case 'issuer':
          return p.issuer;
        case 'applicationName':
          return step.value ?? this.#spec?.applicationName ?? '';
        default:
          break;
      }
    }
    if (step.value === null) {
      throw new StepFailed([
        {
          ruleId: 'run-no-value',
          line: step.lines[0] ?? null,
          message: `the guide gives no value for ${step.label}${step.ref ? ` (it refers to "${step.ref}", which a run cannot take from authentik)` : ''}`,
          hint: 'give the value literally, or name what authentik shows (Client ID, Client Secret, slug)',
        },
      ]);
    }
    return this.#map(step.value);
  }

  async #fill(step: StepOf<'fill'>): Promise<void> {
    const value = this.#resolve(step);
    if (step.secret && value.length) {
      this.masker.add(value);
      recordSecret(this.secretsFile, value);
    }
    if (step.meaning !== 'other') {
      this.#settings.set(step.meaning, { key: step.label, value, line: step.lines[0] ?? 0, ...(step.value !== null && !step.ref ? { written: step.value } : {}) });
    }
    await this.#guide(step, () => this.driver.fill(this.page, step.label, value));
  }

  /**
   * The alternative configuration block this stack applies: the variables when the stack runs the application in a
   * container it can recreate with them (compose, or an external stack that names how), else the file.
   */
  get #form(): ConfigForm {
    return this.#stack.app.recreateWithEnv ? 'env' : 'file';
  }

  /** One key of the guide's configuration block: resolved now, written with the others at the restart. */
  async #configure(step: StepOf<'configure'>): Promise<void> {
    if (step.form !== this.#form) return; // the other alternative: checked statically against this one, not applied
    const label = step.keyPath.map(String).join('.');
    if (step.value === null && step.ref === 'other') {
      // "<Fontawesome icon key (e.g., fa-key)>": the reader's own choice, which a run cannot make for them; the key
      // is left out, so the application keeps its default, and the report says so.
      this.notes.push({
        ruleId: 'run-reader-choice',
        severity: 'info',
        line: step.lines[0] ?? null,
        message: `${label} is a value the guide leaves to the reader; the run leaves it out, so ${this.plan.app.displayName} keeps its default`,
      });
      return;
    }
    const value = this.#resolve({ ...step, label });
    if (step.secret && value.length) {
      this.masker.add(value);
      recordSecret(this.secretsFile, value);
    }
    if (step.meaning !== 'other') {
      const leaf = leafKey(step.keyPath);
      this.#settings.set(step.meaning, { key: leaf, value, line: step.lines[0] ?? 0, ...(step.value !== null && !step.ref ? { written: step.value } : {}) });
    }
    this.#config.push({ entry: { key: step.key, keyPath: step.keyPath, value, syntax: step.syntax, line: step.lines[0] ?? 0, secret: step.secret }, step });
  }

  /** Writes the guide's configuration and restarts the application as the guide says; its refusal is a finding at the key it names. */
  async #restart(step: StepOf<'restart'>): Promise<void> {
    if (step.form !== this.#form) return;
    const { configure, restart } = this.driver;
    const app = this.plan.app.displayName;
    if (!configure || !restart) throw new InfraError(`the guide configures ${app} through a configuration block, which docproof's ${app} driver cannot apply`);
    this.#configApplied = true;
    const entries = this.#config.map((c) => c.entry);
    await this.#guide(step, async () => {
      try {
        const notes = await configure.call(this.driver, this.#stack, this.#form, entries);
        for (const n of notes) {
          const at = this.#config.find((c) => c.step.keyPath.join('\u0000') === n.keyPath.join('\u0000'));
          this.notes.push({ ruleId: 'run-config-key-unknown', severity: n.severity, line: at?.step.lines[0] ?? step.lines[0] ?? null, message: n.message, evidence: { app: n.evidence } });
        }
        await restart.call(this.driver, this.#stack);
      } catch (err) {
        if (!(err instanceof DriverError)) throw err;
        // The stack cannot apply configuration (no config file or restart command named, a form it cannot take).
        if (err.kind === 'bootstrap-failed') throw new InfraError(err.message);
        const line = this.#configStepNamed(err.label, { orTopKey: true })?.step.lines[0] ?? step.lines[0] ?? this.#config[0]?.step.lines[0] ?? null;
        throw new StepFailed([
          {
            ruleId: `run-${err.kind}`,
            line,
            message: err.message,
            ...(err.label ? { hint: `${app} refused what the guide sets for ${err.label}: correct it at this line` } : {}),
            evidence: { ...(err.appMessage ? { appMessage: err.appMessage } : {}) },
          },
        ]);
      }
    });
  }

  /**
   * The guide never says how to save: use the application's own save button. The driver knows its label
   * (AppDriver.saveLabel); a driver that does not say gets the usual wordings of settings pages, in order.
   */
  async #implicitSave(): Promise<void> {
    const labels = this.driver.saveLabel ? [this.driver.saveLabel] : COMMON_SAVE_LABELS;
    for (const label of labels) {
      try {
        await this.driver.click(this.page, label);
        return;
      } catch (err) {
        if (!(err instanceof DriverError && err.kind === 'button-not-found')) throw err;
      }
    }
    throw new DriverError('button-not-found', `${this.plan.app.displayName} has no save button labelled ${labels.map((l) => `"${l}"`).join(' or ')}, and the guide names none`);
  }

  /**
   * What a navigation to one of the guide's authentik URLs met, when that is not authentik answering: a finding at
   * the URL's line naming where the browser was sent and why that is not authentik; null when authentik answered.
   */
  #notAuthentik(l: Landing, setting: ResolvedSetting, what: string, ruleId: string): RunFinding | null {
    if (l.kind === 'pending' || l.kind === 'authentik') return null;
    const app = this.plan.app.displayName;
    const url = safeUrl(l.entry.url);
    const written = setting.written ? ` "${setting.written}"` : '';
    const sent = `${app} sent the browser to ${url} (the guide's ${setting.key}${written})`;
    const authentikAt = `authentik is at ${AUTHENTIK_HOST} (on this stack ${this.stack.authentik.url})`;
    const evidence: Record<string, string> = { url, ...(setting.written ? { guide: setting.written } : {}) };
    let message: string;
    let hint = `use authentik's ${what}: copy it from the provider's overview page in authentik`;
    // A host the run does not know, however the browser got there (a redirect, which Playwright's routes do not see,
    // is followed by the browser itself): that the guide never introduces it is the cause.
    const foreign = l.kind === 'blocked' || !this.#known(originOf(l.entry.url));
    switch (foreign ? 'blocked' : l.kind) {
      case 'blocked': {
        const host = new URL(l.entry.url).hostname;
        message = `${sent}, but ${host} is not authentik: the guide never introduces that host (it is no placeholder of the guide and no address of the stack), and ${authentikAt}`;
        hint = `write authentik's host, ${AUTHENTIK_HOST}, as in the guide's other authentik URLs`;
        evidence.browser = l.kind === 'blocked' ? 'not sent to a host the guide never introduces' : (l.entry.failure ?? `HTTP ${l.entry.status}`);
        break;
      }
      case 'unreachable':
        message = `${sent}, which cannot be reached (${l.entry.failure}); ${authentikAt}`;
        evidence.browser = l.entry.failure ?? 'failed';
        break;
      case 'not-found':
        message = `${sent}: authentik answered HTTP 404 there, it has no ${what} at ${new URL(l.entry.url).pathname}`;
        evidence.authentik = 'HTTP 404';
        break;
      case 'elsewhere':
        // A known origin that is not authentik's: the application's own (every other host is foreign, above).
        message = `${sent}, which is ${app}'s own page (HTTP ${l.entry.status}), not authentik: ${authentikAt}`;
        evidence.status = `HTTP ${l.entry.status}`;
        break;
    }
    return { ruleId, line: setting.line, message, hint, evidence };
  }

  #known(origin: string): boolean {
    return this.#origins.authentik.includes(origin) || this.#origins.app.includes(origin);
  }

  async #signInIdp(step: StepOf<'sign-in-idp'>): Promise<void> {
    const appOrigin = new URL(this.stack.app.url).origin;
    // Where the SSO login sent the browser: authentik, or somewhere a reader would see at once is not authentik.
    const authorize = this.#settings.get('authorizationUrl');
    if (authorize) {
      const l = await this.#nav.landing(this.#ssoMark, authorize.value, this.#origins, LANDING_TIMEOUT_MS);
      const finding = this.#notAuthentik(l, authorize, 'authorization endpoint', 'run-authorization-endpoint');
      if (finding) throw new StepFailed([finding]);
      this.#noteRedirectSent(l, step);
    }
    if (new URL(this.page.url()).origin === appOrigin) return; // authentik already had a session
    const back = this.#nav.mark();
    try {
      // Side by side: the login page object waits for the browser to leave authentik, which a redirect to a host
      // the run does not follow never does; the watch on the redirect URL says so as soon as the browser is sent there.
      const signIn = this.login.signIn(this.stack.testUser.username, this.stack.testUser.password);
      const watch = this.#backAtApp(back, step);
      signIn.catch(() => undefined);
      watch.catch(() => undefined);
      await Promise.all([signIn, watch]);
    } catch (err) {
      if (err instanceof StepFailed) throw err;
      if (err instanceof AuthentikLoginError && err.kind === 'redirect-uri') {
        const redirect = this.#settings.get('redirectUrl');
        const lines = [...new Set([...(redirect ? [redirect.line] : []), ...step.lines])].sort((a, b) => a - b);
        const registered = this.#spec?.redirectUris ?? [];
        throw new StepFailed(
          lines.map((line) => ({
            ruleId: 'run-redirect-uri',
            line,
            message: `authentik showed "Redirect URI Error": the redirect URL ${this.plan.app.displayName} sends${
              redirect ? ` (${redirect.written && redirect.written !== redirect.value ? `"${redirect.written}", on this stack ` : ''}"${redirect.value}")` : ''
            } is not one registered on the provider (${registered
              .map((u, i) => {
                const written = this.#writtenRedirects[i];
                return `${u.matchingMode} ${written && written !== u.url ? `"${written}", on this stack ` : ''}"${u.url}"`;
              })
              .join(', ')})`,
            hint: `register exactly the same URL in authentik (line ${step.lines.join(', ')}) and in ${this.plan.app.displayName}${
              redirect ? ` (line ${redirect.line})` : ''
            }, trailing slash included`,
            evidence: { authentik: err.shown || 'Redirect URI Error', url: safeUrl(err.url) },
          })),
        );
      }
      if (err instanceof AuthentikLoginError && err.kind === 'credentials') {
        throw new InfraError(`authentik refused the test user's credentials: ${err.message}`);
      }
      throw new StepFailed([
        {
          ruleId: 'run-authentik-sign-in',
          line: step.lines[0] ?? null,
          message: `the sign-in at authentik did not complete: ${firstLine(err)}`,
          evidence: { url: safeUrl(this.page.url()) },
        },
      ]);
    }
  }

  /**
   * An application that makes its redirect URL itself (pgAdmin: <its URL>/oauth2/authorize), so that the guide sets
   * it only on authentik's side: the URL it sent, read from its authorization request, is what the diagnosis of a
   * refused sign-in replays; its line is the guide's redirect URI in authentik.
   */
  #noteRedirectSent(l: Landing, step: StepOf<'sign-in-idp'>): void {
    if (this.#settings.has('redirectUrl') || l.kind !== 'authentik') return;
    const sent = new URL(l.entry.url).searchParams.get('redirect_uri');
    if (!sent) return;
    this.#settings.set('redirectUrl', { key: `redirect URI that ${this.plan.app.displayName} sends`, value: sent, line: step.lines[0] ?? 0 });
  }

  /**
   * authentik sent the browser back to the redirect URL. When that URL is on a host the guide never introduces (the
   * guide registers and gives the application the same wrong host), the browser is not sent there: say so at once,
   * at the lines that write it, instead of waiting for the application to show a signed-in user.
   */
  async #backAtApp(mark: number, step: StepOf<'sign-in-idp'>): Promise<void> {
    const redirect = this.#settings.get('redirectUrl');
    const origin = originOf(redirect?.value ?? '');
    if (!redirect || this.#origins.app.includes(origin) || this.#origins.authentik.includes(origin)) return;
    const l = await this.#nav.landing(mark, redirect.value, this.#origins, LANDING_TIMEOUT_MS);
    if (l.kind !== 'blocked' && l.kind !== 'unreachable') return;
    const app = this.plan.app.displayName;
    const host = new URL(l.entry.url).host;
    const lines = [...new Set([redirect.line, ...step.lines.filter((_, i) => originOf(this.#spec?.redirectUris[i]?.url ?? '') === origin)])].sort((a, b) => a - b);
    throw new StepFailed(
      lines.map((line) => ({
        ruleId: 'run-redirect-uri',
        line,
        message: `authentik sent the browser back to ${safeUrl(l.entry.url)} (the guide's ${redirect.key} "${redirect.written ?? redirect.value}"), but ${host} is not ${app}: the guide never introduces that host${
          l.kind === 'unreachable' ? ` (the browser could not reach it: ${l.entry.failure})` : ''
        }, and ${app} is at its placeholder host (on this stack ${this.stack.app.url})`,
        hint: `write ${app}'s own URL, the same in authentik and in ${app}`,
        evidence: { url: safeUrl(l.entry.url) },
      })),
    );
  }

  async #assertIdentity(step: StepOf<'assert-identity'>): Promise<void> {
    const result = await this.driver.signedInUser(this.page, this.#stack);
    const app = this.plan.app.displayName;
    if (!result.ok) {
      const findings = await diagnoseSignIn(
        {
          context: this.page.context(),
          appName: app,
          authentikUrl: this.stack.authentik.url,
          known: (origin) => this.#known(origin),
          configLine: this.plan.configLine,
          stepLines: step.lines,
          settings: this.#settings,
          provisioned: this.#provisioned ?? { clientId: '', clientSecret: '' },
          testUser: this.stack.testUser,
          explained: this.driver.explainSignInFailure?.(result) ?? null,
        },
        result,
      );
      throw new StepFailed(findings);
    }
    const u = this.stack.testUser;
    const expected = step.userField === 'email' ? u.email : step.userField === 'name' ? u.name : step.userField === 'username' ? u.username : null;
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    if (expected !== null && (!same(result.username, expected) || !same(result.apiUsername, expected))) {
      throw new StepFailed([
        {
          ruleId: 'run-wrong-user',
          line: step.lines[0] ?? null,
          message: `${app} signed in "${result.username}" instead of the test user "${expected}" (by ${step.claim ?? 'its default identifier'})`,
          hint: 'use preferred_username (the authentik username) or email as the user identifier',
          evidence: { shown: result.username, api: result.apiUsername, expected },
        },
      ]);
    }
    if (!result.username || !same(result.username, result.apiUsername)) {
      throw new InfraError(`${app} shows "${result.username}" but its API says "${result.apiUsername}"`);
    }
  }

  async #assertSessionEnded(step: StepOf<'assert-session-ended'>): Promise<void> {
    const line = step.lines[0] ?? null;
    // A logout URL that leads nowhere (a slug no application has, a host the guide never introduces) is visible
    // as soon as the browser gets there: say so then, not after waiting for a page that cannot come.
    const logout = this.#settings.get('logoutUrl');
    if (logout) {
      const l = await this.#nav.landing(this.#signOutMark, logout.value, this.#origins, LANDING_TIMEOUT_MS);
      const finding = this.#notAuthentik(l, logout, "end-session page for the application", 'run-logout');
      if (finding) {
        const slug = /\/application\/o\/([^/?#]+)\/end-session\/?$/.exec(new URL(logout.value).pathname)?.[1];
        const created = this.#provisioned?.slug;
        if (l.kind === 'not-found' && slug && created && slug !== created) {
          finding.message += `: no application has the slug "${slug}"; the application the guide creates has the slug "${created}"${
            this.#spec && slugify(this.#spec.applicationName) === created ? ` (the slug authentik proposes for "${this.#spec.applicationName}", as the guide sets none)` : ''
          }`;
          finding.hint = "use authentik's end-session URL with the application's slug: https://authentik.company/application/o/<application_slug>/end-session/";
        }
        throw new StepFailed([{ ...finding, line: line ?? finding.line }]);
      }
    }
    try {
      await this.login.expectSessionEnded();
    } catch (err) {
      throw new StepFailed([
        {
          ruleId: 'run-logout',
          line,
          message: `signing out of ${this.plan.app.displayName} did not end the authentik session: ${firstLine(err)}`,
          hint: 'use authentik\'s end-session URL with the application\'s slug: https://authentik.company/application/o/<application_slug>/end-session/',
          evidence: { url: safeUrl(this.page.url()) },
        },
      ]);
    }
    // No check that a new sign-in asks for credentials again: authentik's default provider invalidation flow
    // ends the application's session and offers "Log out of authentik" on that page, but keeps the authentik
    // session (reference authentik.md C and G), so a guide cannot promise more than this page.
  }

  /**
   * The admin's session ends as if a new browser came: cookies and storage forgotten. The admin's sign-out is no
   * step of the guide (the guide's own sign-out, through its logout URL, is performed by the driver later), and
   * the application's logout page cost 3 s a run on the real Portainer.
   */
  async #forgetSessions(): Promise<void> {
    await this.page
      .evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      })
      .catch(() => undefined); // a page without storage access (about:blank) has none to clear
    await this.page.context().clearCookies();
  }

  /** The last configuration key the application's words name by its innermost key (or, with orTopKey, its top-level key). */
  #configStepNamed(label: string | null, opts: { orTopKey?: boolean } = {}): ConfigKeyStep | undefined {
    if (!label) return undefined;
    return this.#config.filter((c) => leafKey(c.step.keyPath) === label || (opts.orTopKey === true && c.step.key === label)).at(-1);
  }

  /**
   * A driver error about one key of the guide's configuration block (its `label`, e.g. OAUTH2_DISPLAY_NAME, when the
   * login page has no button by that name) is a finding at that key's line.
   */
  async #keyed(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const found = err instanceof DriverError ? this.#configStepNamed(err.label) : undefined;
      if (!found || !(err instanceof DriverError)) throw err;
      throw new StepFailed([
        {
          ruleId: `run-${err.kind}`,
          line: found.step.lines[0] ?? null,
          message: err.message,
          evidence: { url: safeUrl(this.page.url()), ...(err.appMessage ? { appMessage: err.appMessage } : {}) },
        },
      ]);
    }
  }

  /** Infrastructure steps: any failure is ours or the instances', not the guide's. */
  async #infra(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof StepFailed || err instanceof InfraError) throw err;
      throw new InfraError(`${what}: ${firstLine(err)}`);
    }
  }

  /** Guide steps: a driver error (no such field, option, button) or any failure is a finding at the step's lines. */
  async #guide(step: PlanStep, fn: () => Promise<unknown>, extra: { hint?: string } = {}): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof StepFailed || err instanceof InfraError) throw err;
      const line = step.lines[0] ?? null;
      const app = this.plan.app.displayName;
      const version = this.versions.app ?? this.stack.app.version ?? '';
      if (err instanceof DriverError && err.kind === 'bootstrap-failed') throw new InfraError(err.message);
      const finding: RunFinding = {
        ruleId: err instanceof DriverError ? `run-${err.kind}` : 'run-step-failed',
        line,
        message:
          err instanceof DriverError
            ? err.message
            : `${stepWhat(step.title)} failed in ${app}${version ? ` ${version}` : ''}: ${firstLine(err)}`,
        evidence: { url: safeUrl(this.page.url()), ...(err instanceof DriverError && err.appMessage ? { appMessage: err.appMessage } : {}) },
      };
      if (extra.hint) finding.hint = extra.hint;
      throw new StepFailed([finding]);
    }
  }

  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    await this.driver.cleanup(this.#stack).catch((err: unknown) => problems.push(`${this.plan.app.displayName}: ${firstLine(err)}`));
    if (this.#walk && !this.#provisioned) await this.#walk.adoptLeftovers().catch((err: unknown) => problems.push(firstLine(err)));
    await this.api.cleanup().catch((err: unknown) => problems.push(firstLine(err)));
    return problems;
  }
}
