/**
 * The Portainer CE stand-in: a test double for the parts of Portainer that docproof touches, reproducing,
 * point by point, ../shared/reference/portainer.md sections 1 to 4 (API, OAuth login, pages).
 *
 * It reports version 2.21.4 (the LTS whose behaviour the reference describes) but follows the reference's
 * source facts, which were read at 2.23.0 (HEAD of develop, 2024-10-23), including the 2.23-only data-cy
 * attributes on the OAuth inputs. Where the reference is silent and the stand-in had to choose, the code says
 * "guess".
 *
 * Test double only: nothing under src/ may import it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { CSRF_HEADER, CsrfProtection } from './csrf.js';
import { decodeGoJson, GoJsonError } from './go-json.js';
import { JwtService, type TokenData } from './jwt.js';
import { authenticateOAuth, OAuthFailure } from './oauth.js';
import { RateLimiter } from './rate-limiter.js';
import { Redactor } from './redact.js';
import {
  applySettingsUpdate,
  AUTH_INTERNAL,
  AUTH_LDAP,
  AUTH_OAUTH,
  defaultSettings,
  inspectSettings,
  parseGoDuration,
  publicSettings,
  SettingsValidationError,
  type Settings,
} from './settings.js';
import { ROLE_ADMIN, ROLE_STANDARD, UserStore, userJson, type User } from './users.js';

export interface PortainerStandin {
  url: string;
  version: string;
  close(): Promise<void>;
}

export interface PortainerStandinOptions {
  /** Default 127.0.0.2: another loopback host than the authentik stand-in's 127.0.0.1, so cookies never mix. */
  host?: string;
  port?: number;
  /** The admin-init lock (reference 1.3); default 5 minutes. */
  adminInitTimeoutMs?: number;
  /** Request log; never contains secrets. */
  log?: (line: string) => void;
}

/** Reported version; behaviour follows the reference's 2.23.0 source facts (see the file comment). */
export const PORTAINER_STANDIN_VERSION = '2.21.4';

const AUTH_COOKIE = 'portainer_api_key';
const UNAUTHORIZED = 'Unauthorized';
const MAX_BODY = 1 << 20;
const PUBLIC_DIR = new URL('./public/', import.meta.url);

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  setCookies?: string[];
}

class HandlerError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: string,
  ) {
    super(message);
  }
}

function json(status: number, value: unknown, extra: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...extra }, body: `${JSON.stringify(value)}\n` };
}

function empty(status = 204): Reply {
  return { status, headers: {}, body: '' };
}

function text(status: number, body: string): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, body };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name && !(name in out)) out[name] = part.slice(i + 1).trim();
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/timeout.html': { file: 'timeout.html', type: 'text/html; charset=utf-8' },
};

interface Ctx {
  req: IncomingMessage;
  method: string;
  path: string;
  cookies: Record<string, string>;
  body: string;
}

class PortainerStandinServer {
  readonly instanceId = randomUUID();
  private readonly users = new UserStore();
  private settings: Settings = defaultSettings();
  private readonly jwt = new JwtService();
  private readonly csrf = new CsrfProtection();
  private readonly limiter = new RateLimiter();
  private readonly redactor = new Redactor();
  private readonly files = new Map<string, Buffer>();
  /** adminmonitor: set when no admin existed when the lock fired. */
  private disabled = false;
  private adminTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly adminInitTimeoutMs: number,
    private readonly logSink: ((line: string) => void) | undefined,
  ) {
    for (const { file } of Object.values(STATIC_FILES)) {
      if (!this.files.has(file)) this.files.set(file, readFileSync(new URL(file, PUBLIC_DIR)));
    }
  }

  startAdminMonitor(): void {
    this.adminTimer = setTimeout(() => {
      this.adminTimer = null;
      if (!this.users.adminExists()) {
        this.disabled = true;
        this.log('WRN the Portainer instance timed out for security purposes, to re-enable your Portainer instance, you will need to restart Portainer');
      }
    }, this.adminInitTimeoutMs);
    this.adminTimer.unref();
  }

  stopAdminMonitor(): void {
    if (this.adminTimer) clearTimeout(this.adminTimer);
    this.adminTimer = null;
  }

  private log(line: string): void {
    this.logSink?.(this.redactor.redact(line));
  }

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const requestUri = req.url ?? '/';
    const path = new URL(requestUri, 'http://standin').pathname;
    let reply: Reply;
    let csrfSetCookie: string | null = null;
    let maskedToken: string | null = null;
    try {
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
      const cookies = parseCookies(req.headers.cookie);
      const ctx: Ctx = { req, method, path, cookies, body };
      const blocked = this.adminMonitorRedirect(requestUri, path);
      if (blocked) {
        reply = blocked;
      } else {
        const verdict = this.csrf.check({ method, cookies, header: (n) => headerValue(req, n) });
        csrfSetCookie = verdict.setCookie;
        if (!verdict.ok) {
          reply = verdict.json
            ? { status: verdict.status, headers: { 'Content-Type': 'application/json' }, body: verdict.text }
            : text(verdict.status, verdict.text);
        } else {
          maskedToken = this.csrf.mask(verdict.realToken);
          reply = await this.route(ctx);
        }
      }
    } catch (err) {
      if (err instanceof HandlerError) {
        this.log(`DBG HTTP error msg="${err.message}" error="${err.details}" status_code=${err.status}`);
        reply = json(err.status, { message: err.message, details: err.details });
      } else {
        this.log(`ERR unexpected error in ${method} ${path}: ${(err as Error).message}`);
        reply = json(500, { message: 'Internal server error', details: (err as Error).message });
      }
    }

    const cookiesOut = [...(csrfSetCookie ? [csrfSetCookie] : []), ...(reply.setCookies ?? [])];
    if (cookiesOut.length) res.setHeader('Set-Cookie', cookiesOut);
    // csrf.go withSendCSRFToken: only 2xx responses carry the token.
    if (maskedToken && reply.status >= 200 && reply.status < 300) res.setHeader(CSRF_HEADER, maskedToken);
    if (path.startsWith('/api/')) res.setHeader('Vary', 'Cookie');
    for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v);
    res.statusCode = reply.status;
    res.end(method === 'HEAD' ? undefined : reply.body);
    this.log(`${method} ${path} ${reply.status}`);
  }

  /** adminmonitor WithRedirect and the file handler (reference 1.3). */
  private adminMonitorRedirect(requestUri: string, path: string): Reply | null {
    if (!this.disabled) return null;
    if (requestUri.startsWith('/api') && requestUri !== '/api/status' && requestUri !== '/api/settings/public') {
      return json(303, { message: 'Administrator initialization timeout' }, { 'redirect-reason': 'AdminInitTimeout' });
    }
    if (path === '/' || path === '/index.html') {
      return { status: 307, headers: { Location: '/timeout.html' }, body: '' };
    }
    return null;
  }

  private async route(ctx: Ctx): Promise<Reply> {
    const { method, path } = ctx;
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /api/status':
      case 'GET /api/system/status':
        // As the real 2.21.4 answers (measured): DemoEnvironment is there, off.
        return json(200, { Version: PORTAINER_STANDIN_VERSION, InstanceID: this.instanceId, DemoEnvironment: { enabled: false, users: null, environments: null } });
      case 'GET /api/settings/public':
        return json(200, publicSettings(this.settings));
      case 'GET /api/users/admin/check':
        if (this.users.adminExists()) return empty(204);
        throw new HandlerError(404, 'Administrator user not found', 'object not found inside the database');
      case 'POST /api/users/admin/init':
        return this.adminInit(ctx);
      case 'POST /api/auth':
        this.rateLimit(ctx);
        return this.authenticate(ctx);
      case 'POST /api/auth/oauth/validate':
        this.rateLimit(ctx);
        return this.validateOAuth(ctx);
      case 'POST /api/auth/logout':
        return this.logout(ctx);
      case 'GET /api/users/me': {
        const { user, token } = this.authenticated(ctx);
        return json(200, { ...userJson(user), forceChangePassword: token.forceChangePassword });
      }
      case 'GET /api/users': {
        const { user } = this.authenticated(ctx);
        // security.FilterUsers: a non-administrator only sees non-administrators.
        const visible = this.users.all().filter((u) => user.Role === ROLE_ADMIN || u.Role !== ROLE_ADMIN);
        return json(200, visible.map(userJson));
      }
      case 'POST /api/users':
        return this.createUser(ctx);
      case 'GET /api/settings':
        this.admin(ctx);
        return json(200, inspectSettings(this.settings));
      case 'PUT /api/settings':
        return this.updateSettings(ctx);
      case 'GET /api/endpoints':
        // No environments: nothing here needs the Docker socket (reference 5.2).
        this.authenticated(ctx);
        return json(200, [], { 'X-Total-Count': '0', 'X-Total-Available': '0' });
    }
    const userMatch = /^\/api\/users\/([^/]+)$/.exec(path);
    if (userMatch && method === 'DELETE') return this.deleteUser(ctx, userMatch[1]!);
    if (userMatch && method === 'GET') return this.inspectUser(ctx, userMatch[1]!);

    const file = STATIC_FILES[path];
    if (file && (method === 'GET' || method === 'HEAD')) {
      return { status: 200, headers: { 'Content-Type': file.type, 'Cache-Control': 'no-store' }, body: this.files.get(file.file)! };
    }
    if (file || path.startsWith('/api/')) {
      const known = ['/api/status', '/api/system/status', '/api/settings/public', '/api/users/admin/check', '/api/users/admin/init', '/api/auth', '/api/auth/oauth/validate', '/api/auth/logout', '/api/users/me', '/api/users', '/api/settings', '/api/endpoints'];
      if (file || known.includes(path)) return text(405, 'Method Not Allowed\n');
    }
    return text(404, '404 page not found\n');
  }

  private rateLimit(ctx: Ctx): void {
    const ip = ctx.req.socket.remoteAddress ?? 'unknown';
    if (!this.limiter.allow(ip)) throw new HandlerError(403, 'Access denied', 'Access denied');
  }

  private decode(ctx: Ctx, spec: Record<string, 'string' | 'int' | 'bool'>, name: string): Record<string, unknown> {
    try {
      return decodeGoJson(ctx.body, spec, name);
    } catch (err) {
      if (err instanceof GoJsonError) throw new HandlerError(400, 'Invalid request payload', err.message);
      throw err;
    }
  }

  // ---- authentication (bouncer) ----

  /** mwAuthenticateFirst with [apiKeyLookup, CookieAuthLookup, JWTAuthLookup] (reference 1.5). */
  private authenticated(ctx: Ctx): { user: User; token: TokenData } {
    if (headerValue(ctx.req, 'x-api-key')) throw new HandlerError(401, 'Invalid JWT token', UNAUTHORIZED);
    let raw: string | null = null;
    const cookie = ctx.cookies[AUTH_COOKIE];
    if (cookie !== undefined) raw = cookie;
    else {
      const query = new URL(ctx.req.url ?? '/', 'http://standin').searchParams.get('token');
      const header = headerValue(ctx.req, 'authorization');
      if (query) raw = query;
      else if (header !== undefined) raw = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
    }
    if (raw === null) throw new HandlerError(401, 'A valid authorization token is missing', UNAUTHORIZED);
    const token = this.jwt.verify(raw);
    if (!token) throw new HandlerError(401, 'Invalid JWT token', UNAUTHORIZED);
    const user = this.users.byId(token.id);
    if (!user) throw new HandlerError(401, 'The authorization token is invalid', UNAUTHORIZED);
    return { user, token };
  }

  private admin(ctx: Ctx): { user: User; token: TokenData } {
    const auth = this.authenticated(ctx);
    if (auth.user.Role !== ROLE_ADMIN) throw new HandlerError(403, 'Access denied', UNAUTHORIZED);
    return auth;
  }

  private writeToken(user: User, forceChangePassword: boolean): Reply {
    const lifetime = parseGoDuration(this.settings.UserSessionTimeout) || 8 * 3_600_000;
    const { token, expires } = this.jwt.generate(user, lifetime, forceChangePassword);
    this.redactor.add(token);
    const reply = json(200, { jwt: token });
    // security.AddAuthCookie: HttpOnly, SameSite=Strict, not Secure, Path=/.
    reply.setCookies = [`${AUTH_COOKIE}=${token}; Path=/; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Strict`];
    return reply;
  }

  // ---- handlers ----

  private adminInit(ctx: Ctx): Reply {
    const p = this.decode(ctx, { Username: 'string', Password: 'string' }, 'users.adminInitPayload');
    const username = (p.Username as string | undefined) ?? '';
    const password = (p.Password as string | undefined) ?? '';
    this.redactor.add(password);
    if (username === '' || username.includes(' ')) {
      throw new HandlerError(400, 'Invalid request payload', 'Invalid username. Must not contain any whitespace');
    }
    if (password === '') throw new HandlerError(400, 'Invalid request payload', 'Invalid password');
    if (this.users.adminExists()) {
      throw new HandlerError(409, 'Unable to create administrator user', 'An administrator user already exists');
    }
    // guess: the strength check comes after the 409 check, as the other checks of admin_init.go do.
    if (password.length < this.settings.InternalAuthSettings.RequiredPasswordLength) {
      throw new HandlerError(400, 'Password does not meet the requirements', 'Password does not meet the requirements');
    }
    const user = this.users.create(username, ROLE_ADMIN, password);
    this.stopAdminMonitor(); // AdminCreationDone
    return json(200, userJson(user));
  }

  /** authenticate.go (reference 1.4). */
  private authenticate(ctx: Ctx): Reply {
    const p = this.decode(ctx, { Username: 'string', Password: 'string' }, 'auth.authenticatePayload');
    const username = (p.Username as string | undefined) ?? '';
    const password = (p.Password as string | undefined) ?? '';
    this.redactor.add(password);
    if (username === '') throw new HandlerError(400, 'Invalid request payload', 'Invalid username');
    if (password === '') throw new HandlerError(400, 'Invalid request payload', 'Invalid password');
    const user = this.users.byUsername(username);
    if (!user) throw new HandlerError(422, 'Invalid credentials', UNAUTHORIZED);
    if (this.settings.AuthenticationMethod === AUTH_OAUTH && user.Id !== 1) {
      throw new HandlerError(422, 'Only initial admin is allowed to login without oauth', UNAUTHORIZED);
    }
    // LDAP is not reproduced: with method 2, authenticateLDAP falls back to the internal check, as it does
    // in Portainer when the LDAP bind fails.
    if (!this.users.passwordMatches(user, password)) throw new HandlerError(422, 'Invalid credentials', UNAUTHORIZED);
    const forceChangePassword = password.length < this.settings.InternalAuthSettings.RequiredPasswordLength;
    return this.writeToken(user, forceChangePassword);
  }

  /** authenticate_oauth.go validateOAuth (reference 2.5, 2.6, 3.5, 3.6). */
  private async validateOAuth(ctx: Ctx): Promise<Reply> {
    const p = this.decode(ctx, { Code: 'string' }, 'auth.oauthPayload');
    const code = (p.Code as string | undefined) ?? '';
    this.redactor.add(code);
    if (code === '') throw new HandlerError(400, 'Invalid request payload', 'Invalid OAuth authorization code');
    if (this.settings.AuthenticationMethod !== AUTH_OAUTH) {
      throw new HandlerError(403, 'OAuth authentication is not enabled', 'OAuth authentication is not enabled');
    }
    const oauth = this.settings.OAuthSettings;
    let username: string;
    try {
      const result = await authenticateOAuth(code, oauth);
      result.receivedSecrets.forEach((s) => this.redactor.add(s));
      result.warnings.forEach((w) => this.log(`ERR ${w}`));
      username = result.username;
    } catch (err) {
      if (!(err instanceof OAuthFailure)) throw err;
      err.receivedSecrets.forEach((s) => this.redactor.add(s));
      this.log(`ERR ${err.stage} | error="${err.reason.replace(/\n/g, ' ')}"`);
      throw new HandlerError(500, 'Unable to authenticate through OAuth', UNAUTHORIZED);
    }
    let user = this.users.byUsername(username);
    if (!user && !oauth.OAuthAutoCreateUsers) {
      throw new HandlerError(
        403,
        'Account not created beforehand in Portainer and automatic user provisioning not enabled',
        UNAUTHORIZED,
      );
    }
    if (!user) {
      // DefaultTeamID: the stand-in has no teams, so no membership is created.
      user = this.users.create(username, ROLE_STANDARD, '');
      this.log(`INF user created by OAuth automatic provisioning | username="${username}" role=2`);
    }
    return this.writeToken(user, false);
  }

  /** logout.go: revokes the JWT the request carries (cookie or Bearer) and clears the cookie; public. */
  private logout(ctx: Ctx): Reply {
    const candidates = [ctx.cookies[AUTH_COOKIE], headerValue(ctx.req, 'authorization')?.replace(/^Bearer /, '')];
    for (const t of candidates) if (t) this.jwt.revoke(t);
    const reply = empty(204);
    reply.setCookies = [`${AUTH_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Strict`];
    return reply;
  }

  /** user_create.go (reference 2.6, last point). */
  private createUser(ctx: Ctx): Reply {
    this.admin(ctx);
    const p = this.decode(ctx, { Username: 'string', Password: 'string', Role: 'int' }, 'users.userCreatePayload');
    const username = (p.Username as string | undefined) ?? '';
    const password = (p.Password as string | undefined) ?? '';
    const role = (p.Role as number | undefined) ?? 0;
    this.redactor.add(password);
    if (username === '' || username.includes(' ')) {
      throw new HandlerError(400, 'Invalid request payload', 'Invalid username. Must not contain any whitespace');
    }
    if (role !== 1 && role !== 2) {
      throw new HandlerError(400, 'Invalid request payload', 'Invalid role value. Value must be one of: 1 (administrator) or 2 (regular user)');
    }
    if (this.users.byUsername(username)) {
      throw new HandlerError(409, 'Another user with the same username already exists', 'User already exists');
    }
    const method = this.settings.AuthenticationMethod;
    if ((method === AUTH_LDAP || method === AUTH_OAUTH) && password !== '') {
      const msg = 'a user with password can not be created when authentication method is Oauth or LDAP';
      throw new HandlerError(400, msg, msg);
    }
    if (method === AUTH_INTERNAL && password.length < this.settings.InternalAuthSettings.RequiredPasswordLength) {
      throw new HandlerError(400, 'Password does not meet the requirements', 'Password does not meet the requirements');
    }
    const user = this.users.create(username, role, method === AUTH_INTERNAL ? password : '');
    return json(200, userJson(user));
  }

  private parseUserId(raw: string): number {
    const id = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id)) {
      throw new HandlerError(400, 'Invalid user identifier route variable', 'Invalid user identifier route variable');
    }
    return id;
  }

  private inspectUser(ctx: Ctx, rawId: string): Reply {
    const { user: me } = this.authenticated(ctx);
    const id = this.parseUserId(rawId);
    if (me.Role !== ROLE_ADMIN && me.Id !== id) throw new HandlerError(403, 'Permission denied inspect user', UNAUTHORIZED);
    const user = this.users.byId(id);
    if (!user) throw new HandlerError(404, 'Unable to find a user with the specified identifier inside the database', 'object not found inside the database');
    return json(200, userJson(user));
  }

  private deleteUser(ctx: Ctx, rawId: string): Reply {
    const { user: me } = this.admin(ctx);
    const id = this.parseUserId(rawId);
    if (id === me.Id) {
      throw new HandlerError(403, 'Cannot remove your own user account. Contact another administrator', 'Cannot remove your own user account. Contact another administrator');
    }
    if (!this.users.byId(id)) {
      throw new HandlerError(404, 'Unable to find a user with the specified identifier inside the database', 'object not found inside the database');
    }
    this.users.delete(id);
    return empty(204);
  }

  /** settings_update.go (reference 2.1-2.3). */
  private updateSettings(ctx: Ctx): Reply {
    this.admin(ctx);
    const next = structuredClone(this.settings);
    try {
      applySettingsUpdate(next, ctx.body);
    } catch (err) {
      if (err instanceof GoJsonError || err instanceof SettingsValidationError) {
        throw new HandlerError(400, 'Invalid request payload', err.message);
      }
      throw err;
    }
    this.settings = next;
    this.redactor.add(next.OAuthSettings.ClientSecret);
    return json(200, inspectSettings(this.settings));
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function startPortainerStandin(opts: PortainerStandinOptions = {}): Promise<PortainerStandin> {
  const state = new PortainerStandinServer(opts.adminInitTimeoutMs ?? 5 * 60_000, opts.log);
  const server = createServer((req, res) => {
    state.serve(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end();
      opts.log?.(`ERR ${(err as Error).message}`);
    });
  });
  const port = opts.port ?? 0;
  let host = opts.host ?? '127.0.0.2';
  try {
    await listen(server, host, port);
  } catch (err) {
    // 127.0.0.2 is loopback on Linux but not on every system; fall back only for the default host.
    if (opts.host !== undefined) throw err;
    host = '127.0.0.1';
    await listen(server, host, port);
  }
  state.startAdminMonitor();
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    version: PORTAINER_STANDIN_VERSION,
    close: () =>
      new Promise<void>((resolve, reject) => {
        state.stopAdminMonitor();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
