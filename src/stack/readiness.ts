/**
 * When the stack's services are ready, as reference/authentik.md section F and reference/portainer.md §1 describe:
 *   authentik server  GET /-/health/ready/ answers 200 (the database is reachable)
 *   authentik worker  GET /api/v3/core/users/me/ with the bootstrap token answers 200 (the bootstrap blueprint ran),
 *                     then the flows a run uses and the self-signed key pair exist (SIGN_IN_FLOWS)
 *   portainer         GET /api/system/status answers a Version, and GET /api/users/admin/check answers 204
 *                     (the admin from --admin-password-file exists)
 *   pgadmin           GET /misc/ping answers 200, and the login page names the version
 * Each service has its own deadline; when it passes, a DeadlineError names the service and what it last answered.
 */
import { PgAdminApi } from '../apps/pgadmin/api.js';
import { SELF_SIGNED_KEY_NAME, SIGN_IN_FLOWS } from '../authentik/provision.js';

export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(
    readonly service: string,
    readonly waitedFor: string,
    readonly lastState: string,
    readonly deadlineMs: number,
  ) {
    super(`${service}: not ready after ${Math.round(deadlineMs / 1000)} s (waiting for ${waitedFor}; last: ${lastState})`);
  }
}

export class AbortedError extends Error {
  override name = 'AbortedError';
}

export interface PollOptions {
  intervalMs: number;
  signal?: AbortSignal | undefined;
  /** Per request; a hung request counts as one failed attempt. */
  requestTimeoutMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Calls `attempt` until it returns null (ready) or the deadline passes. `attempt` returns a short description of
 * the state it saw ("GET /-/health/ready/ → 503") when not ready yet.
 */
export async function waitUntil(
  service: string,
  waitedFor: string,
  deadlineMs: number,
  attempt: () => Promise<string | null>,
  opts: PollOptions,
): Promise<void> {
  const until = Date.now() + deadlineMs;
  let last = 'no answer yet';
  for (;;) {
    if (opts.signal?.aborted) throw new AbortedError(`${service}: stopped while waiting for ${waitedFor}`);
    const state = await attempt();
    if (state === null) return;
    last = state;
    const left = until - Date.now();
    if (left <= 0) throw new DeadlineError(service, waitedFor, last, deadlineMs);
    await sleep(Math.min(opts.intervalMs, left), opts.signal);
  }
}

interface Answer {
  status: number;
  body: unknown;
}

/** One GET; a network error or timeout becomes a description, never a throw. */
async function get(url: string, opts: PollOptions, token?: string): Promise<Answer | string> {
  const signals = [AbortSignal.timeout(opts.requestTimeoutMs ?? 10_000)];
  if (opts.signal) signals.push(opts.signal);
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      redirect: 'manual',
      signal: AbortSignal.any(signals),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return cause ?? (err as Error).name ?? 'request failed';
  }
}

function describe(path: string, a: Answer | string): string {
  return typeof a === 'string' ? `GET ${path} → ${a}` : `GET ${path} → ${a.status}`;
}

function nonEmptyResults(body: unknown): boolean {
  const results = (body as { results?: unknown[] } | null)?.results;
  return Array.isArray(results) && results.length > 0;
}

export interface ServiceDeadlines {
  /** authentik server: /-/health/ready/. */
  server: number;
  /** authentik worker: bootstrap token accepted, default objects exist. */
  worker: number;
  portainer: number;
  pgadmin: number;
}

/** Waits for authentik (server, then worker); returns the version it reports. */
export async function authentikReady(baseUrl: string, token: string, deadlines: Pick<ServiceDeadlines, 'server' | 'worker'>, opts: PollOptions): Promise<string | null> {
  await waitUntil('server', 'GET /-/health/ready/ → 200', deadlines.server, async () => {
    const a = await get(`${baseUrl}/-/health/ready/`, opts);
    return typeof a !== 'string' && a.status === 200 ? null : describe('/-/health/ready/', a);
  }, opts);

  const workerStarted = Date.now();
  const left = () => Math.max(1, deadlines.worker - (Date.now() - workerStarted));
  await waitUntil('worker', 'the bootstrap token to be accepted (GET /api/v3/core/users/me/ → 200)', deadlines.worker, async () => {
    const a = await get(`${baseUrl}/api/v3/core/users/me/`, opts, token);
    return typeof a !== 'string' && a.status === 200 ? null : describe('/api/v3/core/users/me/', a);
  }, opts);
  const flowPaths = SIGN_IN_FLOWS.map((slug) => `/api/v3/flows/instances/?slug=${encodeURIComponent(slug)}`);
  const keyPath = `/api/v3/crypto/certificatekeypairs/?name=${encodeURIComponent(SELF_SIGNED_KEY_NAME)}`;
  await waitUntil('worker', `the default objects (flows ${SIGN_IN_FLOWS.join(', ')}; "${SELF_SIGNED_KEY_NAME}")`, left(), async () => {
    for (const path of [...flowPaths, keyPath]) {
      const a = await get(`${baseUrl}${path}`, opts, token);
      if (typeof a === 'string' || a.status !== 200) return describe(path, a);
      if (!nonEmptyResults(a.body)) return `GET ${path} → no results yet`;
    }
    return null;
  }, opts);

  const v = await get(`${baseUrl}/api/v3/admin/version/`, opts, token);
  const current = typeof v === 'string' ? null : (v.body as { version_current?: unknown } | null)?.version_current;
  return typeof current === 'string' ? current : null;
}

/** Waits for Portainer and its admin; returns the version it reports. */
export async function portainerReady(baseUrl: string, deadlineMs: number, opts: PollOptions): Promise<string> {
  let version = '';
  await waitUntil('portainer', 'GET /api/system/status → Version, and the admin user', deadlineMs, async () => {
    const s = await get(`${baseUrl}/api/system/status`, opts);
    if (typeof s === 'string' || s.status !== 200) return describe('/api/system/status', s);
    const v = (s.body as { Version?: unknown } | null)?.Version;
    if (typeof v !== 'string' || !v) return 'GET /api/system/status → 200 without a Version';
    // 303 here would mean the 5-minute admin-init lock fired: the --admin-password-file admin was not created.
    const c = await get(`${baseUrl}/api/users/admin/check`, opts);
    if (typeof c === 'string' || c.status !== 204) return `${describe('/api/users/admin/check', c)} (expected 204: admin exists)`;
    version = v;
    return null;
  }, opts);
  return version;
}

/**
 * Waits for pgAdmin: GET /misc/ping answers 200 (pgAdmin's own liveness route), then its login page names its
 * version (the `ver=` parameter, APP_VERSION_INT: 91800 is 9.18); returns that version.
 */
export async function pgadminReady(baseUrl: string, deadlineMs: number, opts: PollOptions): Promise<string> {
  let version = '';
  await waitUntil('pgadmin', 'GET /misc/ping → 200, and the login page', deadlineMs, async () => {
    const p = await get(`${baseUrl}/misc/ping`, opts);
    if (typeof p === 'string' || p.status !== 200) return describe('/misc/ping', p);
    try {
      version = await new PgAdminApi(baseUrl).version();
    } catch (err) {
      return `GET /login: ${(err as Error).message}`;
    }
    return null;
  }, opts);
  return version;
}
