/**
 * The guide's authentik half performed as written, in authentik's admin interface (`docproof run --authentik ui`):
 * each AuthentikUiStep through the admin UI driver, then a readback through the API that compares what the UI
 * created with what the guide asks for (the plan's provision spec). What the UI names differently but closely is an
 * info finding with the UI's words; what it does not have is an error at the guide's line; a step that silently did
 * not apply is an error at its line. Client ID, Client Secret and slug are the ones the interface showed.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { AuthentikApi } from '../authentik/api.js';
import { FLOW_SLUGS, WIZARD_DEFAULTS, type OAuth2AppSpec, type ProvisionedApp } from '../authentik/provision.js';
import { AuthentikAdminUi, UiMissing, UiRefused, type Matched } from '../authentik/ui/admin.js';
import type { AuthentikUiStep } from '../plan/model.js';
import { stepWhat } from '../plan/plan.js';
import { firstLine, InfraError, safeUrl, StepFailed, type RunFinding } from './failures.js';

type UiStepOf<K extends AuthentikUiStep['kind']> = Extract<AuthentikUiStep, { kind: K }>;

export interface WalkContext {
  page: Page;
  api: AuthentikApi;
  authentikUrl: string;
  /** The plan's provision spec with its URLs mapped onto the stack: what the readback expects. */
  spec: OAuth2AppSpec | null;
  /** Maps a guide value's placeholders onto the stack. */
  map: (value: string) => string;
  /** A secret learnt during the walk: masked from here on, in every artifact. */
  secret: (value: string) => void;
  version: () => string;
  /** Findings that do not stop the run (the UI's own words for the guide's). */
  notes: RunFinding[];
}

const WORDS_RULE = 'run-authentik-ui-words';
const MISSING_RULE = 'run-authentik-ui';
const READBACK_RULE = 'run-authentik-readback';

export class AuthentikWalk {
  readonly ui: AuthentikAdminUi;
  /** Lines of the steps that set each thing, for readback findings. */
  readonly #lines: { redirect: Array<{ line: number | null; url: string }>; slug: number | null; clientType: number | null; provider: number | null; flow: number | null; key: number | null } = {
    redirect: [],
    slug: null,
    clientType: null,
    provider: null,
    flow: null,
    key: null,
  };
  #lastLine: number | null = null;
  /** True when the guide sets the slug itself (a Slug field with its value). */
  #slugSet = false;

  constructor(readonly ctx: WalkContext) {
    this.ui = new AuthentikAdminUi(ctx.page, ctx.authentikUrl, ctx.secret);
  }

  async perform(step: AuthentikUiStep): Promise<ProvisionedApp | null> {
    const line = step.lines[0] ?? null;
    if (line !== null) this.#lastLine = line;
    try {
      switch (step.kind) {
        case 'ak-sign-in-admin':
          await this.#signIn();
          return null;
        case 'ak-navigate':
          this.#words(step, await this.ui.navigate(step.path));
          return null;
        case 'ak-click': {
          const r = await this.ui.click(step.label, step.implicit === true, step.existingProvider === true);
          if (r.matched) this.#words(step, [r.matched]);
          return null;
        }
        case 'ak-save':
          await this.ui.save();
          return null;
        case 'ak-page': {
          const m = await this.ui.goToPage(step.page);
          if (m) this.#words(step, [m]);
          return null;
        }
        case 'ak-choose':
          if (/provider/i.test(step.under ?? 'provider')) this.#lines.provider = line;
          if (/client type/i.test(step.under ?? '')) this.#lines.clientType = line;
          this.#words(step, await this.ui.choose(step.option, step.under));
          return null;
        case 'ak-fill':
          return await this.#fill(step);
        case 'ak-redirect-uri': {
          const url = this.ctx.map(step.url);
          this.#lines.redirect.push({ line, url });
          const { typed } = await this.ui.redirectUri(step.matchingMode, step.uriKind, url);
          if (!typed && step.uriKind === 'post-logout') {
            this.ctx.notes.push({
              ruleId: 'run-version-skew',
              severity: 'info',
              line,
              message: `authentik ${this.ctx.version()} has no redirect URI types (added in 2026.5): "${step.url}" was entered as one more redirect URI`,
            });
          }
          return null;
        }
        case 'ak-reader':
          await this.#reader(step);
          return null;
        case 'ak-note':
          await this.ui.note();
          return null;
        case 'ak-readback':
          return await this.#readback(step);
      }
    } catch (err) {
      throw this.#finding(step, err);
    }
  }

  /** What the wizard may have created before a later step failed: removed at cleanup (the names were free before). */
  async adoptLeftovers(): Promise<void> {
    const spec = this.ctx.spec;
    const found = await this.ctx.api.findByName({
      application: this.ui.noted.applicationName ?? spec?.applicationName,
      provider: this.ui.noted.providerName ?? spec?.providerName,
    });
    for (const o of found) this.ctx.api.adopt(o);
  }

  async #signIn(): Promise<void> {
    if (this.ctx.spec) {
      // As the API provisioning does: never walk into names an earlier run or a real application holds.
      await this.ctx.api.assertNotTaken(this.ctx.spec).catch((err: unknown) => {
        throw new InfraError(firstLine(err));
      });
    }
    const username = `docproof-admin-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    this.ctx.secret(password);
    try {
      await this.ctx.api.createRunAdmin({ username, name: 'docproof run administrator', password });
      await this.ui.signIn(username, password);
    } catch (err) {
      throw new InfraError(`sign in to authentik's admin interface as a run-scoped administrator: ${firstLine(err)}`);
    }
  }

  async #fill(step: UiStepOf<'ak-fill'>): Promise<null> {
    const line = step.lines[0] ?? null;
    if (/slug/i.test(step.label)) this.#lines.slug = line;
    if (step.value === null) {
      // "Client ID: the value authentik generated" and the like: a person leaves the proposed value.
      return null;
    }
    if (/slug/i.test(step.label)) this.#slugSet = true;
    const value = this.ctx.map(step.value);
    if (step.secret) this.ctx.secret(value);
    this.#words(step, await this.ui.fill(step.label, value));
    return null;
  }

  /** What a careful person does with a setting the guide leaves to them. */
  async #reader(step: UiStepOf<'ak-reader'>): Promise<void> {
    const spec = this.ctx.spec;
    const line = step.lines[0] ?? null;
    switch (step.field) {
      case 'application-name':
        if (spec && !(await this.ui.valueOf('Application Name'))) await this.ui.fill('Application Name', spec.applicationName);
        return;
      case 'provider-name':
      case 'slug':
        // "accept the auto-provided name": leave what the wizard proposes.
        if (step.field === 'slug') this.#lines.slug ??= line;
        return;
      case 'signing-key':
        this.#lines.key = line;
        await this.ui.anyOption('Signing Key');
        return;
      case 'authorization-flow':
        this.#lines.flow = line;
        await this.ui.pickFlow('Authorization Flow', FLOW_SLUGS[spec?.authorizationFlow ?? 'implicit']);
        return;
      case 'invalidation-flow':
        return; // the wizard's default stands (the invalidation flow is preselected)
      case 'other':
        // "Create an application that uses `jellyfin` provider": the form's Provider is the one created above.
        if (/^provider$/i.test(step.label) && (await this.ui.hasField('Provider'))) {
          const name = this.ui.noted.providerName ?? spec?.providerName;
          if (name) await this.ui.pick('Provider', name);
        }
        return;
    }
  }

  #words(step: AuthentikUiStep, matched: Matched[]): void {
    for (const m of matched) {
      this.ctx.notes.push({
        ruleId: WORDS_RULE,
        severity: 'info',
        line: step.lines[0] ?? null,
        message: `authentik ${this.ctx.version()} calls the ${m.thing} "${m.ui}" (the guide says "${m.guide}")`,
        hint: `write the interface's own words: "${m.ui}"`,
        evidence: { guide: m.guide, authentik: m.ui },
      });
    }
  }

  #finding(step: AuthentikUiStep, err: unknown): Error {
    if (err instanceof StepFailed || err instanceof InfraError) return err;
    const line = step.lines[0] ?? this.#lastLine;
    const url = safeUrl(this.ctx.page.url());
    if (err instanceof UiMissing) {
      const where = err.candidates.length && !err.nearest ? ` (it has ${err.candidates.slice(0, 8).map((c) => `"${c}"`).join(', ')})` : '';
      return new StepFailed([
        {
          ruleId: MISSING_RULE,
          line,
          message: `authentik ${this.ctx.version()} has no ${err.thing} "${err.guide}" in its admin interface${err.nearest ? `; the nearest is "${err.nearest}"` : where}`,
          hint: err.nearest ? `write what authentik ${this.ctx.version()} calls it: "${err.nearest}"` : "write the admin interface's own words for this step",
          evidence: { guide: err.guide, ...(err.nearest ? { authentik: err.nearest } : {}), url },
        },
      ]);
    }
    if (err instanceof UiRefused) {
      return new StepFailed([
        { ruleId: 'run-provision', line, message: `authentik refused what the guide creates: ${err.shown}`, evidence: { authentik: err.shown, url } },
      ]);
    }
    return new StepFailed([
      {
        ruleId: MISSING_RULE,
        line,
        message: `${stepWhat(step.title)} failed in authentik ${this.ctx.version()}'s admin interface: ${firstLine(err)}`,
        evidence: { url },
      },
    ]);
  }

  /**
   * Reads back through the API what the walk created and compares it with the guide's model; adopts it for cleanup.
   * The credentials are the ones the interface showed; one the interface never showed is read from the provider's
   * page as a person would (Client ID) or is a finding (the secret is shown only while creating).
   */
  async #readback(step: UiStepOf<'ak-readback'>): Promise<ProvisionedApp> {
    const spec = this.ctx.spec;
    const noted = this.ui.noted;
    const slug = noted.slug ?? spec?.slug ?? '';
    const found = await this.ctx.api.readbackApplication(slug).catch((err: unknown) => {
      throw new InfraError(`read back what the admin interface created: ${firstLine(err)}`);
    });
    const line = (l: number | null) => l ?? step.lines[0] ?? this.#lastLine;
    if (!found) {
      const leftovers = await this.ctx.api.findByName({ application: noted.applicationName ?? spec?.applicationName, provider: noted.providerName ?? spec?.providerName }).catch(() => []);
      for (const o of leftovers) this.ctx.api.adopt(o);
      throw new StepFailed([
        { ruleId: READBACK_RULE, line: line(this.#lastLine), message: `the walk through authentik's admin interface ended, but authentik has no application with the slug "${slug}": the guide's steps did not create it` },
      ]);
    }
    const { application, provider } = found;
    if (provider) this.ctx.api.adopt({ kind: 'provider', pk: provider.pk, name: provider.name });
    this.ctx.api.adopt({ kind: 'application', slug: application.slug, name: application.name });
    const findings: RunFinding[] = [];
    if (!provider) {
      throw new StepFailed([
        { ruleId: READBACK_RULE, line: line(this.#lines.provider), message: `the application "${application.name}" the walk created has no OAuth2/OpenID provider` },
      ]);
    }
    if (spec) {
      // Only a slug the guide sets is compared: where it leaves the slug to the wizard, the wizard's is the reader's
      // (the name the reader typed may not be the one slugify() was given).
      if (this.#slugSet && application.slug !== spec.slug) {
        findings.push({ ruleId: READBACK_RULE, line: line(this.#lines.slug), message: `the application's slug is "${application.slug}", the guide's is "${spec.slug}"`, evidence: { authentik: application.slug, guide: spec.slug } });
      }
      if (provider.client_type && provider.client_type !== WIZARD_DEFAULTS.clientType) {
        findings.push({ ruleId: READBACK_RULE, line: line(this.#lines.clientType), message: `the provider's client type is "${provider.client_type}", the guide's is "${WIZARD_DEFAULTS.clientType}"` });
      }
      const got = provider.redirect_uris.map((u) => `${u.matching_mode} ${u.redirect_uri_type === 'logout' ? 'post-logout' : 'authorization'} ${u.url}`);
      for (const [i, u] of spec.redirectUris.entries()) {
        const want = `${u.matchingMode} ${u.kind} ${u.url}`;
        if (got.includes(want)) continue;
        // Before 2026.5 no type is stored: compare mode and URL only.
        if (provider.redirect_uris.some((r) => r.redirect_uri_type === undefined && r.matching_mode === u.matchingMode && r.url === u.url)) continue;
        findings.push({
          ruleId: READBACK_RULE,
          line: line(this.#lines.redirect.find((r) => r.url === u.url)?.line ?? this.#lines.redirect[i]?.line ?? null),
          message: `the provider has no ${u.matchingMode} ${u.kind} redirect URI "${u.url}" after the walk (it has ${got.length ? got.map((g) => `"${g}"`).join(', ') : 'none'})`,
          evidence: { authentik: got.join(', ') || 'none' },
        });
      }
      const scopes = await this.ctx.api.scopeNames(provider.property_mappings ?? []).catch(() => null);
      if (scopes && !['openid', 'email', 'profile'].every((s) => scopes.includes(s))) {
        findings.push({ ruleId: READBACK_RULE, line: line(this.#lines.provider), message: `the provider's scopes are ${scopes.join(', ') || 'none'}; the wizard's defaults openid, email and profile are expected` });
      }
      if (spec.signingKey === 'any' && !provider.signing_key) {
        findings.push({ ruleId: READBACK_RULE, line: line(this.#lines.key), message: 'the provider has no signing key after the walk, though the guide selects one' });
      }
      if (!provider.authorization_flow) {
        findings.push({ ruleId: READBACK_RULE, line: line(this.#lines.flow), message: 'the provider has no authorization flow after the walk' });
      }
    }
    const clientId = noted.clientId ?? '';
    if (clientId && provider.client_id && clientId !== provider.client_id) {
      findings.push({ ruleId: READBACK_RULE, line: line(null), message: 'the Client ID the admin interface showed is not the one the provider holds' });
    }
    if (findings.length) throw new StepFailed(findings);
    if (!clientId || !noted.clientSecret) {
      throw new StepFailed([
        {
          ruleId: READBACK_RULE,
          line: line(null),
          message: `the walk never showed the ${!clientId ? 'Client ID' : 'Client Secret'}: the guide's steps pass the provider's page without it in view`,
        },
      ]);
    }
    if (provider.client_secret && provider.client_secret !== noted.clientSecret) {
      throw new StepFailed([{ ruleId: READBACK_RULE, line: line(null), message: 'the Client Secret the admin interface showed is not the one the provider holds' }]);
    }
    const issuer = `${this.ctx.authentikUrl.replace(/\/+$/, '')}/application/o/${application.slug}/`;
    // The admin's session must not sign the test user in: forget it, as a new browser would.
    await this.ctx.page.context().clearCookies();
    return { providerPk: provider.pk, slug: application.slug, clientId, clientSecret: noted.clientSecret, issuer, notSent: [] };
  }
}
