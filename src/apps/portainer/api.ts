/**
 * The handful of Portainer REST calls the driver needs, with plain `fetch`: no cookie jar, a Bearer JWT
 * (reference portainer.md 1.5: a cookie-carrying request would need gorilla/csrf's token; one without a cookie
 * skips the CSRF check). Redirects are not followed, because the admin-init timeout answers every API call with
 * a 303 that we must see (1.3).
 *
 * Errors carry Portainer's own `message` (pkg/libhttp/error: `{message, details}`), never the credentials or the JWT.
 */

export interface PortainerUser {
  Id: number;
  Username: string;
  Role: number;
}

/** OAuthSettings as GET /api/settings returns it (reference 2.3); kept whole so it can be PUT back unchanged. */
export type OAuthSettings = Record<string, unknown> & {
  ClientID?: string;
  AuthorizationURI?: string;
  AccessTokenURI?: string;
  ResourceURI?: string;
  RedirectURI?: string;
  LogoutURI?: string;
  UserIdentifier?: string;
  Scopes?: string;
  OAuthAutoCreateUsers?: boolean;
  SSO?: boolean;
};

export interface PortainerSettings {
  AuthenticationMethod: number;
  OAuthSettings: OAuthSettings;
  [key: string]: unknown;
}

export interface PublicSettings {
  AuthenticationMethod?: number;
  OAuthLoginURI?: string;
  OAuthLogoutURI?: string;
  RequiredPasswordLength?: number;
  [key: string]: unknown;
}

export class PortainerApiError extends Error {
  override name = 'PortainerApiError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** Portainer's `message` field, when the body had one. */
    readonly appMessage: string | null,
    /** The `redirect-reason` header of a 303 (AdminInitTimeout). */
    readonly redirectReason: string | null,
  ) {
    super(`${method} ${path} answered ${status}${appMessage ? `: ${appMessage}` : ''}`);
  }
}

const REQUEST_TIMEOUT_MS = 15_000;

export class PortainerApi {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async systemStatus(): Promise<{ Version: string; InstanceID?: string }> {
    return this.call('GET', '/api/system/status');
  }

  /** 200 creates the admin; a 409 (an admin exists) is returned as `false`. */
  async initAdmin(username: string, password: string): Promise<boolean> {
    try {
      await this.call('POST', '/api/users/admin/init', { body: { Username: username, Password: password } });
      return true;
    } catch (err) {
      if (err instanceof PortainerApiError && err.status === 409) return false;
      throw err;
    }
  }

  /** POST /api/auth; returns the JWT (reference 1.4). */
  async authenticate(username: string, password: string): Promise<string> {
    const res = await this.call<{ jwt?: unknown }>('POST', '/api/auth', {
      body: { Username: username, Password: password },
    });
    if (typeof res.jwt !== 'string' || res.jwt === '') {
      throw new PortainerApiError('POST', '/api/auth', 200, 'the response carried no jwt', null);
    }
    return res.jwt;
  }

  async me(jwt: string): Promise<PortainerUser> {
    return this.call('GET', '/api/users/me', { jwt });
  }

  async settings(jwt: string): Promise<PortainerSettings> {
    return this.call('GET', '/api/settings', { jwt });
  }

  async publicSettings(): Promise<PublicSettings> {
    return this.call('GET', '/api/settings/public');
  }

  /** PUT /api/settings: top-level fields left out stay as they are; OAuthSettings replaces the stored object (2.3). */
  async updateSettings(jwt: string, patch: Partial<PortainerSettings>): Promise<PortainerSettings> {
    return this.call('PUT', '/api/settings', { jwt, body: patch });
  }

  async users(jwt: string): Promise<PortainerUser[]> {
    return this.call('GET', '/api/users', { jwt });
  }

  async deleteUser(jwt: string, id: number): Promise<void> {
    await this.call('DELETE', `/api/users/${id}`, { jwt });
  }

  private async call<T>(method: string, path: string, opts: { jwt?: string; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.jwt) headers.authorization = `Bearer ${opts.jwt}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new PortainerApiError(method, path, 0, `no answer from ${this.baseUrl} (${cause})`, null);
    }
    const text = await res.text();
    const body = parseJson(text);
    if (!res.ok) {
      const message =
        body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' ? body.message : null;
      throw new PortainerApiError(method, path, res.status, message, res.headers.get('redirect-reason'));
    }
    return body as T;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
