/**
 * The few pgAdmin 4 HTTP calls the driver makes as pgAdmin's admin, with plain `fetch` and the one session cookie
 * (pga4_session): sign in through the login form (POST /authenticate/login with the page's CSRF token, as the
 * login page does), list users (GET /user_management/user/, administrators only) and delete one
 * (DELETE /user_management/save/<id>, with the session's CSRF token in X-pgA-CSRFToken, config.WTF_CSRF_HEADERS).
 * Facts from pgAdmin 9.18's source. Errors never carry the password or the session.
 */

export interface PgAdminUser {
  id: number;
  username: string;
  email: string | null;
  auth_source: string;
}

const TIMEOUT_MS = 15_000;

export class PgAdminApi {
  #cookie = '';
  #csrf = '';

  constructor(readonly baseUrl: string) {}

  async #fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookie) headers.set('cookie', this.#cookie);
    if (this.#csrf) headers.set('X-pgA-CSRFToken', this.#csrf);
    const r = await fetch(this.baseUrl + path, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair?.startsWith('pga4_session=')) this.#cookie = pair;
    }
    return r;
  }

  /** pgAdmin's version, from the login page's cache-busting `ver=` parameter (APP_VERSION_INT: 91800 is 9.18). */
  async version(): Promise<string> {
    const r = await this.#fetch('/login');
    if (r.status !== 200) throw new Error(`GET /login answered ${r.status}: is this pgAdmin 4 in server mode?`);
    const html = await r.text();
    const m = /[?&]ver=(\d{5,})/.exec(html);
    if (!m) throw new Error('the login page carries no version (no ver= parameter): is this pgAdmin 4?');
    const n = Number(m[1]);
    const major = Math.floor(n / 10000);
    const minor = Math.floor(n / 100) % 100;
    const patch = n % 100;
    return patch ? `${major}.${minor}.${patch}` : `${major}.${minor}`;
  }

  /** Signs in as an internal user; throws with what pgAdmin said when it refuses. */
  async signIn(email: string, password: string): Promise<void> {
    const page = await this.#fetch('/login');
    const html = await page.text();
    const csrf = /"csrfToken":\s*"([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error("pgAdmin's login page carries no CSRF token");
    this.#csrf = csrf;
    const r = await this.#fetch('/authenticate/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf_token: csrf, email, password, internal_button: 'Login' }).toString(),
    });
    const to = r.headers.get('location') ?? '';
    if (r.status !== 302 || /\/login\b/.test(to)) {
      throw new Error(`pgAdmin refused the sign-in of "${email}" (HTTP ${r.status}${to ? `, sent back to ${new URL(to, this.baseUrl).pathname}` : ''})`);
    }
  }

  async users(): Promise<PgAdminUser[]> {
    const r = await this.#fetch('/user_management/user/');
    if (r.status !== 200) throw new Error(`GET /user_management/user/ answered ${r.status}`);
    return (await r.json()) as PgAdminUser[];
  }

  async deleteUser(id: number): Promise<void> {
    const r = await this.#fetch(`/user_management/save/${id}`, { method: 'DELETE' });
    if (r.status !== 200) throw new Error(`DELETE /user_management/save/${id} answered ${r.status}: ${(await r.text()).slice(0, 200)}`);
  }
}
