/**
 * The flow executor (reference section G): sessions by the `authentik_session` cookie, flow plans per
 * session, and the challenges of the stages docproof meets, served through authentik's flow executor API
 * (`/api/v3/flows/executor/<slug>/?query=…`, the shapes of schema.yml's ChallengeTypes) and rendered in the
 * browser by web/flow-executor.js as `<ak-flow-executor>` with the stage element inside its shadow root.
 *
 * Flows: default-authentication-flow = identification (user_fields [email, username], no inline password)
 * → password → login (two screens); default-invalidation-flow = logout; authorization flows are planned by
 * the OAuth layer (explicit consent: consent stage; both end with the OAuth fulfilment); the provider
 * invalidation flow is planned by end-session and shows the session-end stage.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ApiRequest, ApiResponse } from './admin-api.js';
import type { AuthentikState, Json, UserRecord } from './state.js';

export const SESSION_COOKIE = 'authentik_session';
const AVATAR = 'data:image/svg+xml;base64,';

type StageKind = 'identification' | 'password' | 'user-login' | 'consent' | 'fulfilment' | 'session-end' | 'user-logout';

export interface ConsentContext {
  applicationName: string;
  permissions: Array<{ id: string; name: string }>;
}

export interface Plan {
  flowSlug: string;
  stages: StageKind[];
  index: number;
  /** Where the flow goes when its stages are done (the `next` query parameter, else the plan's own). */
  redirectTo?: string;
  pendingUser?: UserRecord;
  /** What the user typed when no user matched (identification's pretend_user_exists). */
  pendingIdentifier?: string;
  consent?: ConsentContext & { token: string };
  /** The OAuth fulfilment: returns the URL to continue the authorization request at. */
  fulfil?: (user: UserRecord, authTime: number, cookieHeader: string | undefined) => Promise<string>;
  sessionEnd?: { applicationName: string; applicationLaunchUrl: string | null };
  /** Title template placeholder `%(app)s`. */
  appName?: string;
}

export interface Session {
  id: string;
  userPk?: number;
  authTime?: number;
  plans: Map<string, Plan>;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export class FlowExecutor {
  private readonly sessions = new Map<string, Session>();
  /** Called when this browser signs in or out, with its cookie header (the OAuth layer drops its own session). */
  onSignInOrOut: (cookieHeader: string | undefined) => void = () => {};

  constructor(private readonly state: AuthentikState) {}

  /** The session named by the request's cookie header, if it exists. */
  fromCookieHeader(header: string | undefined): Session | undefined {
    const id = parseCookies(header)[SESSION_COOKIE];
    return id ? this.sessions.get(id) : undefined;
  }

  /** The session for a request, created if missing; `setCookie` is set when a new one was created. */
  ensure(header: string | undefined): { session: Session; setCookie?: string } {
    const existing = this.fromCookieHeader(header);
    if (existing) return { session: existing };
    const session: Session = { id: randomBytes(24).toString('base64url'), plans: new Map() };
    this.sessions.set(session.id, session);
    return { session, setCookie: `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax` };
  }

  sessionUser(sessionId: string): UserRecord | undefined {
    const s = this.sessions.get(sessionId);
    return s?.userPk === undefined ? undefined : this.state.users.get(s.userPk);
  }

  userOf(session: Session | undefined): UserRecord | undefined {
    if (session?.userPk === undefined) return undefined;
    const user = this.state.users.get(session.userPk);
    return user?.is_active ? user : undefined;
  }

  /** The authorization flow for an OAuth request of a logged-in user (AuthorizationFlowInitView). */
  planAuthorization(session: Session, flowSlug: string, opts: { appName: string; explicitConsent: boolean; permissions: ConsentContext['permissions']; fulfil: NonNullable<Plan['fulfil']> }): void {
    session.plans.set(flowSlug, {
      flowSlug,
      stages: opts.explicitConsent ? ['consent', 'fulfilment'] : ['fulfilment'],
      index: 0,
      appName: opts.appName,
      consent: { applicationName: opts.appName, permissions: opts.permissions, token: randomUUID() },
      fulfil: opts.fulfil,
    });
  }

  /** The provider's invalidation flow, planned by end-session (EndSessionView + SessionEndStage). */
  planProviderInvalidation(session: Session, flowSlug: string, app: { name: string; launchUrl: string | null }): void {
    session.plans.set(flowSlug, {
      flowSlug,
      stages: ['session-end'],
      index: 0,
      appName: app.name,
      sessionEnd: { applicationName: app.name, applicationLaunchUrl: app.launchUrl },
    });
  }

  private planFor(session: Session, flowSlug: string): Plan | undefined {
    const existing = session.plans.get(flowSlug);
    if (existing) return existing;
    // Flows a browser may start by itself (authentication and logout); the others need a planner.
    let plan: Plan | undefined;
    if (flowSlug === 'default-authentication-flow') plan = { flowSlug, stages: ['identification', 'password', 'user-login'], index: 0 };
    if (flowSlug === 'default-invalidation-flow') plan = { flowSlug, stages: ['user-logout'], index: 0 };
    if (plan) session.plans.set(flowSlug, plan);
    return plan;
  }

  private flowInfo(plan: Plan): Json {
    const flow = this.state.flowBySlug(plan.flowSlug);
    const title = (flow?.title ?? '').replace('%(app)s', plan.appName ?? '');
    return { title, background: '/static/dist/assets/images/flow_background.jpg', cancel_url: '/flows/-/cancel/', layout: 'stacked' };
  }

  private pendingUsername(plan: Plan, session: Session): string {
    return plan.pendingUser?.username ?? plan.pendingIdentifier ?? this.userOf(session)?.username ?? '';
  }

  private challenge(plan: Plan, session: Session, errors?: Json): Json {
    const stage = plan.stages[plan.index];
    const base: Json = { flow_info: this.flowInfo(plan) };
    if (errors) base.response_errors = errors;
    switch (stage) {
      case 'identification':
        return {
          ...base,
          component: 'ak-stage-identification',
          user_fields: ['email', 'username'],
          password_fields: false,
          flow_designation: 'authentication',
          primary_action: 'Log in',
          sources: [],
          show_source_labels: false,
          enable_remember_me: false,
        };
      case 'password':
        return {
          ...base,
          component: 'ak-stage-password',
          pending_user: this.pendingUsername(plan, session),
          pending_user_avatar: AVATAR,
          // No recovery_url: authentik sends one only when the brand has a recovery flow
          // (authentik/stages/password/stage.py, PasswordStageView.get_challenge), which a fresh install lacks; the
          // real 2026.5.0-rc1 shows no "Forgot password?" link.
          allow_show_password: false,
        };
      case 'consent':
        return {
          ...base,
          component: 'ak-stage-consent',
          pending_user: this.pendingUsername(plan, session),
          pending_user_avatar: AVATAR,
          header_text: `You're about to sign into ${plan.consent!.applicationName}.`,
          permissions: plan.consent!.permissions,
          additional_permissions: [],
          token: plan.consent!.token,
        };
      case 'session-end':
        return {
          ...base,
          component: 'ak-stage-session-end',
          pending_user: this.pendingUsername(plan, session),
          pending_user_avatar: AVATAR,
          application_name: plan.sessionEnd!.applicationName,
          ...(plan.sessionEnd!.applicationLaunchUrl ? { application_launch_url: plan.sessionEnd!.applicationLaunchUrl } : {}),
          invalidation_flow_url: '/if/flow/default-invalidation-flow/',
          overview_url: '/if/user/',
          brand_name: 'authentik',
        };
      default:
        throw new Error(`stage ${String(stage)} has no challenge`);
    }
  }

  private accessDenied(message: string, plan?: Plan): Json {
    return {
      flow_info: plan ? this.flowInfo(plan) : { title: '', cancel_url: '/flows/-/cancel/', layout: 'stacked' },
      component: 'ak-stage-access-denied',
      pending_user: '',
      pending_user_avatar: AVATAR,
      error_message: message,
    };
  }

  /** Runs stages without a screen until one needs the user, or the flow is done. */
  private async advance(plan: Plan, session: Session, query: URLSearchParams, cookieHeader: string | undefined): Promise<Json> {
    for (;;) {
      const stage = plan.stages[plan.index];
      if (stage === undefined) {
        session.plans.delete(plan.flowSlug);
        const to = query.get('next') ?? plan.redirectTo ?? '/';
        return { component: 'xak-flow-redirect', to };
      }
      if (stage === 'user-login') {
        session.userPk = plan.pendingUser!.pk;
        session.authTime = Math.floor(Date.now() / 1000);
        this.onSignInOrOut(cookieHeader);
        plan.index += 1;
        continue;
      }
      if (stage === 'user-logout') {
        delete session.userPk;
        delete session.authTime;
        session.plans.clear();
        this.onSignInOrOut(cookieHeader);
        plan.index += 1;
        continue;
      }
      if (stage === 'fulfilment') {
        const user = this.userOf(session);
        if (!user) return this.accessDenied('Flow does not apply to current user.', plan);
        plan.redirectTo = await plan.fulfil!(user, session.authTime ?? Math.floor(Date.now() / 1000), cookieHeader);
        plan.index += 1;
        continue;
      }
      return this.challenge(plan, session);
    }
  }

  async apiGet(flowSlug: string, rawQuery: string, req: ApiRequest): Promise<ApiResponse> {
    const { session, setCookie } = this.ensure(req.headers.cookie as string | undefined);
    const flow = this.state.flowBySlug(flowSlug);
    if (!flow) return { status: 404, body: { detail: 'No Flow matches the given query.' } };
    const plan = this.planFor(session, flowSlug);
    const body = plan ? await this.advance(plan, session, new URLSearchParams(rawQuery), req.headers.cookie as string | undefined) : this.accessDenied('Flow does not apply to current user.');
    return { status: 200, body, ...(setCookie ? { headers: { 'set-cookie': setCookie } } : {}) };
  }

  async apiSolve(flowSlug: string, rawQuery: string, req: ApiRequest, response: Json): Promise<ApiResponse> {
    const session = this.fromCookieHeader(req.headers.cookie as string | undefined);
    const plan = session?.plans.get(flowSlug);
    if (!session || !plan) return { status: 200, body: this.accessDenied('Flow does not apply to current user.') };
    const query = new URLSearchParams(rawQuery);
    const stage = plan.stages[plan.index];
    const expected = stage === undefined ? undefined : this.challengeComponent(stage);
    if (response.component !== expected) {
      return { status: 200, body: this.challenge(plan, session, { non_field_errors: [{ string: 'Invalid challenge response', code: 'invalid' }] }) };
    }
    if (stage === 'identification') {
      const uid = String(response.uid_field ?? '');
      const user = this.state.findUserByIdentifier(uid);
      // pretend_user_exists (default): an unknown identifier still goes on to the password screen.
      if (user?.is_active) plan.pendingUser = user;
      else {
        delete plan.pendingUser;
        plan.pendingIdentifier = uid;
      }
      plan.index += 1;
    } else if (stage === 'password') {
      const user = plan.pendingUser;
      if (!user || !this.state.checkPassword(user, String(response.password ?? ''))) {
        return { status: 200, body: this.challenge(plan, session, { password: [{ string: 'Invalid password', code: 'invalid' }] }) };
      }
      plan.index += 1;
    } else if (stage === 'consent') {
      if (response.token !== plan.consent!.token) {
        return { status: 200, body: this.challenge(plan, session, { token: [{ string: 'Invalid consent token, re-showing prompt', code: 'invalid' }] }) };
      }
      plan.index += 1;
    }
    return { status: 200, body: await this.advance(plan, session, query, req.headers.cookie as string | undefined) };
  }

  private challengeComponent(stage: StageKind): string | undefined {
    return ({ identification: 'ak-stage-identification', password: 'ak-stage-password', consent: 'ak-stage-consent' } as Record<string, string>)[stage];
  }
}
