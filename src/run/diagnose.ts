/**
 * Why the application refused the sign-in, pointed at the guide line that causes it.
 *
 * The application's own message comes first (e.g. Portainer's "Account not created beforehand ... automatic user
 * provisioning not enabled"). When the message says nothing precise (Portainer answers every exchange, userinfo and
 * username failure with "Unable to authenticate through OAuth"), we replay what the application's backend does
 * with exactly the values the guide gave it: authorize in the same browser (the test user's authentik session is
 * still there), exchange the code at the guide's token URL with the guide's client credentials, call the guide's
 * userinfo URL, and look the guide's user identifier up in the claims (a flat top-level key, as Portainer does,
 * reference portainer.md 2.5). The first call that fails names the line.
 */
import type { BrowserContext } from 'playwright-core';
import type { SignInFailed } from '../apps/types.js';
import type { SettingMeaning } from '../plan/meaning.js';
import { safeUrl, type RunFinding } from './failures.js';
import { oneLine } from '../authentik/errors.js';

export interface ResolvedSetting {
  key: string;
  /** The value the run used: the guide's, with its placeholders mapped onto the stack. */
  value: string;
  line: number;
  /** The value as the guide writes it (placeholders unmapped), for messages; absent for values taken from authentik. */
  written?: string;
}

export interface DiagnoseContext {
  context: BrowserContext;
  appName: string;
  authentikUrl: string;
  /** The line of the application-side configuration step: where an omission in it is reported. */
  configLine: number;
  /** Lines of the step that failed, for a failure we cannot place more precisely. */
  stepLines: number[];
  settings: Map<SettingMeaning, ResolvedSetting>;
  provisioned: { clientId: string; clientSecret: string };
  testUser: { username: string };
  /**
   * Whether an origin is one the run knows (authentik's or the application's on the stack). A URL of the guide on
   * any other host is one the guide never introduces: the replay does not call it, and says so at its line.
   */
  known?: (origin: string) => boolean;
  /** The driver's reading of its application's message, when it has one (see AppDriver.explainSignInFailure). */
  explained: { cause: 'user-not-provisioned'; setting: string } | null;
}

/**
 * Application messages that mean "this user does not exist here and will not be created", as applications whose
 * driver has no explainSignInFailure word it (Portainer's own message is read by its driver).
 */
const NOT_PROVISIONED = /user (does not|doesn't) exist|not provisioned/i;

const TIMEOUT_MS = 10_000;
/** How long the probe page may take to close before the diagnosis goes on without waiting for it. */
const CLOSE_WAIT_MS = 3_000;

function at(s: ResolvedSetting | undefined, fallback: number): number {
  return s?.line ?? fallback;
}

function evidenceOf(failed: SignInFailed): Record<string, string> {
  const e: Record<string, string> = { shown: failed.shown, url: safeUrl(failed.url) };
  if (failed.appMessage) e.appMessage = failed.appMessage;
  return e;
}

export async function diagnoseSignIn(ctx: DiagnoseContext, failed: SignInFailed): Promise<RunFinding[]> {
  const app = ctx.appName;
  const provisioning = ctx.explained?.cause === 'user-not-provisioned' || NOT_PROVISIONED.test(`${failed.appMessage ?? ''} ${failed.shown}`);
  if (provisioning) {
    const setting = ctx.explained?.setting ?? 'automatic user provisioning';
    return [
      {
        ruleId: 'run-user-not-provisioned',
        line: ctx.configLine,
        message: `${app} refused the sign-in of the test user, who did not exist in ${app} before: the guide never enables ${setting}`,
        hint: `enable ${setting} in the guide's ${app} steps (or tell the reader to create each user in ${app} first)`,
        evidence: evidenceOf(failed),
      },
    ];
  }
  const replayed = await replayBackend(ctx).catch((err: unknown) => [
    {
      ruleId: 'run-sign-in-refused',
      line: ctx.stepLines[0] ?? ctx.configLine,
      message: `${app} refused the sign-in ("${failed.appMessage ?? failed.shown}") and replaying its OAuth calls failed too: ${(err as Error).message}`,
      evidence: evidenceOf(failed),
    },
  ]);
  if (replayed.length) return replayed.map((f) => ({ ...f, evidence: { ...evidenceOf(failed), ...f.evidence } }));
  return [
    {
      ruleId: 'run-sign-in-refused',
      line: ctx.stepLines[0] ?? ctx.configLine,
      message: `${app} refused the sign-in ("${failed.appMessage ?? failed.shown}"), although authentik's token and userinfo endpoints answer the guide's values correctly`,
      hint: `read ${app}'s log for the cause`,
      evidence: evidenceOf(failed),
    },
  ];
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function bodyOf(r: Response): Promise<{ json: Record<string, unknown> | null; text: string }> {
  const text = await r.text().catch(() => '');
  try {
    const json = JSON.parse(text) as unknown;
    return { json: json && typeof json === 'object' ? (json as Record<string, unknown>) : null, text };
  } catch {
    return { json: null, text };
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function short(text: string): string {
  const t = oneLine(text);
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

/** The guide's URL answered, but not as authentik's token or userinfo endpoint does. */
function noEndpoint(
  endpoint: 'token' | 'userinfo',
  what: string,
  setting: { line: number; value: string },
  status: number,
  body: string,
  location: string | null = null,
): RunFinding {
  // A redirect is no answer of an endpoint: `/application/o/<slug>/` redirects to a provider's discovery document.
  const to = status >= 300 && status < 400 && location ? ` to ${pathOf(new URL(location, setting.value).href)}` : '';
  const issuer = /^\/application\/o\/[^/]+\/$/.test(pathOf(setting.value)) ? `; /application/o/<slug>/ is a provider's issuer URL, and authentik's ${endpoint} endpoint has no slug` : '';
  return {
    ruleId: `run-${endpoint}-endpoint`,
    line: setting.line,
    message: `${what}: authentik has no ${endpoint} endpoint at ${pathOf(setting.value)} (HTTP ${status}${to})${issuer}`,
    hint: `use authentik's ${endpoint} endpoint, https://authentik.company/application/o/${endpoint}/`,
    evidence: { authentik: `HTTP ${status}${to} ${short(body)}`.trim() },
  };
}

function decodeJwtPayload(token: unknown): Record<string, unknown> {
  if (typeof token !== 'string') return {};
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** [] when every backend call works with the guide's values; else the findings for the first call that fails. */
async function replayBackend(ctx: DiagnoseContext): Promise<RunFinding[]> {
  const s = (m: SettingMeaning) => ctx.settings.get(m);
  const authorize = s('authorizationUrl');
  const token = s('tokenUrl');
  const userinfo = s('userinfoUrl');
  const redirect = s('redirectUrl');
  const clientId = s('clientId');
  const clientSecret = s('clientSecret');
  const scopes = s('scopes');
  const identifier = s('userIdentifier');
  if (!authorize || !token || !redirect || !clientId) return [];

  // A token or userinfo URL on a host the guide never introduces: the application's backend calls a host that is
  // not authentik (and the replay calls no such host).
  for (const [endpoint, setting] of [['token', token], ['userinfo', userinfo]] as const) {
    if (!setting || !ctx.known || ctx.known(originOf(setting.value))) continue;
    return [
      {
        ruleId: `run-${endpoint}-endpoint`,
        line: setting.line,
        message: `${ctx.appName}'s backend calls ${setting.key} "${setting.written ?? setting.value}" on ${hostOf(setting.value)}, a host the guide never introduces: it is not authentik (authentik.company, on this stack ${ctx.authentikUrl})`,
        hint: `use authentik's ${endpoint} endpoint, https://authentik.company/application/o/${endpoint}/`,
        evidence: { url: setting.value },
      },
    ];
  }

  // 1. A fresh code, as the application's login link would get it (values concatenated unencoded, like Portainer).
  // The redirect back should not reach the application, whose page would spend the code itself: a navigation to it
  // is answered here (page.route), and a redirect to it, which routes do not see, is noticed as a request. The
  // probe page is closed without waiting long: a heavy single-page app loading in it under load once held
  // page.close() for over 100 s.
  const page = await ctx.context.newPage();
  let code: string | null = null;
  try {
    const redirectBase = redirect.value.split('?')[0]!;
    const isCallback = (u: URL) => u.href.startsWith(redirectBase) && u.searchParams.has('code');
    await page.route(isCallback, (route) => route.fulfill({ status: 204, body: '' }));
    const codeRequest = page.waitForRequest((r) => isCallback(new URL(r.url())), { timeout: TIMEOUT_MS }).catch(() => null);
    const url = `${authorize.value}?response_type=code&client_id=${clientId.value}&redirect_uri=${redirect.value}&scope=${scopes?.value ?? ''}&state=docproof-diagnosis`;
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS }).catch(() => undefined);
    const req = await codeRequest;
    code = req ? new URL(req.url()).searchParams.get('code') : null;
  } finally {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([page.close().catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
  }
  if (!code) return [];

  // 2. The code exchange at the guide's token URL (client_secret_basic first, then in the body: AuthStyle auto-detect).
  const grant = { grant_type: 'authorization_code', code, redirect_uri: redirect.value };
  const secret = clientSecret?.value ?? '';
  const basic = Buffer.from(`${encodeURIComponent(clientId.value)}:${encodeURIComponent(secret)}`).toString('base64');
  let res: Response;
  try {
    res = await fetch(token.value, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form(grant),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    return [
      {
        ruleId: 'run-token-endpoint',
        line: token.line,
        message: `${ctx.appName} cannot exchange the code: the ${token.key} "${token.value}" cannot be reached (${cause})`,
        hint: `use authentik's token endpoint, https://authentik.company/application/o/token/`,
      },
    ];
  }
  let body = await bodyOf(res);
  if (res.status === 401 && body.json?.error === 'invalid_client') {
    res = await fetch(token.value, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form({ ...grant, client_id: clientId.value, client_secret: secret }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    body = await bodyOf(res);
  }
  if (!body.json || (res.status >= 300 && typeof body.json.error !== 'string')) {
    return [noEndpoint('token', `${ctx.appName} cannot exchange the code`, token, res.status, body.text, res.headers.get('location'))];
  }
  if (typeof body.json.error === 'string') {
    const error = `${body.json.error}${typeof body.json.error_description === 'string' ? `: ${body.json.error_description}` : ''}`;
    if (body.json.error === 'invalid_client') {
      const wrongId = clientId.value !== ctx.provisioned.clientId;
      const culprit = wrongId ? clientId : clientSecret ?? clientId;
      return [
        {
          ruleId: 'run-client-credentials',
          line: culprit.line,
          message: `authentik rejected the client credentials ${ctx.appName} sends: the ${culprit.key} is not the provider's ${wrongId ? 'client ID' : 'client secret'}`,
          hint: wrongId ? "set it to the provider's Client ID" : "set it to the provider's Client Secret (not the Client ID)",
          evidence: { authentik: error },
        },
      ];
    }
    return [
      { ruleId: 'run-token-endpoint', line: token.line, message: `authentik refused the code exchange: ${error}`, evidence: { authentik: error } },
    ];
  }
  const accessToken = body.json.access_token;
  const granted = typeof body.json.scope === 'string' ? body.json.scope : '';
  if (typeof accessToken !== 'string') return [];
  if (!userinfo) return [];

  // 3. userinfo with the access token.
  let info: Response;
  try {
    info = await fetch(userinfo.value, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    return [{ ruleId: 'run-userinfo-endpoint', line: userinfo.line, message: `the ${userinfo.key} "${userinfo.value}" cannot be reached (${cause})` }];
  }
  const infoBody = await bodyOf(info);
  const wwwAuth = info.headers.get('www-authenticate') ?? '';
  const scopeProblem = /insufficient_scope/.test(wwwAuth) || infoBody.json?.error === 'insufficient_scope';
  if (scopeProblem || ((info.status === 401 || info.status === 403) && scopes && !/\bopenid\b/.test(granted))) {
    const requested = scopes?.value ?? '';
    const commas = requested.includes(',');
    return [
      {
        ruleId: 'run-scopes',
        line: scopes?.line ?? userinfo.line,
        message: `authentik's userinfo refused the token: it carries ${granted ? `only the scopes "${granted}"` : 'no scopes at all'}, not "openid"${
          commas ? `, because authentik splits "${requested}" on spaces and knows no scope by that name` : ''
        }`,
        hint: commas ? 'separate the scopes with spaces: openid profile email' : 'request the openid scope (openid profile email)',
        evidence: { authentik: `HTTP ${info.status} ${short(wwwAuth || infoBody.text)}`, grantedScopes: granted || '(none)' },
      },
    ];
  }
  if (info.status !== 200 || !infoBody.json) {
    return [noEndpoint('userinfo', `${ctx.appName} cannot read the user`, userinfo, info.status, infoBody.text, info.headers.get('location'))];
  }

  // 4. The identifier: a flat top-level key of the userinfo claims merged over the id_token's.
  if (!identifier) return [];
  const claims = { ...decodeJwtPayload(body.json.id_token), ...infoBody.json };
  const v = claims[identifier.value];
  const usable = (typeof v === 'string' && v !== '') || (typeof v === 'number' && v !== 0);
  if (!usable) {
    return [
      {
        ruleId: 'run-user-identifier',
        line: identifier.line,
        message: `authentik sends no "${identifier.value}" claim, so ${ctx.appName} cannot tell who signed in`,
        hint: 'use preferred_username (the authentik username) or email',
        evidence: { claims: Object.keys(claims).sort().join(', '), grantedScopes: granted || '(none)' },
      },
    ];
  }
  return [];
}
