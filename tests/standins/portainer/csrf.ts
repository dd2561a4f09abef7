/**
 * Portainer's CSRF protection (reference portainer.md 1.5; api/http/csrf/csrf.go over gorilla/csrf v1.7.1):
 * - every request gets a real 32-byte token kept in the `_gorilla_csrf` cookie (authenticated, HttpOnly,
 *   Path=/, not Secure: Portainer passes Secure(false)), created when absent or invalid;
 * - a 2xx response carries a fresh masked copy of it in the `X-CSRF-Token` header (one-time pad + XOR, base64);
 * - unsafe methods (not GET/HEAD/OPTIONS/TRACE) must send a masked token that unmasks to the real one in the
 *   `X-CSRF-Token` request header, else 403 `Forbidden - CSRF token invalid`;
 * - the check is skipped when the request has no `portainer_api_key` cookie (security.ShouldSkipCSRFCheck),
 *   and a request with both X-API-KEY and Authorization is refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_COOKIE = '_gorilla_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
const TOKEN_LENGTH = 32;
const MAX_AGE_S = 12 * 3600;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export type CsrfVerdict =
  | { ok: true; realToken: Buffer; setCookie: string | null }
  | { ok: false; status: 403; text: string; json: boolean; setCookie: string | null };

export class CsrfProtection {
  private readonly key = randomBytes(32);

  private sign(token: Buffer): string {
    const value = token.toString('base64url');
    const mac = createHmac('sha256', this.key).update(value).digest('base64url');
    return `${value}.${mac}`;
  }

  private readCookie(raw: string | undefined): Buffer | null {
    if (!raw) return null;
    const [value, mac] = raw.split('.');
    if (!value || !mac) return null;
    const expected = createHmac('sha256', this.key).update(value).digest('base64url');
    if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return null;
    const token = Buffer.from(value, 'base64url');
    return token.length === TOKEN_LENGTH ? token : null;
  }

  /** gorilla/csrf mask(): base64(otp || otp XOR token). */
  mask(realToken: Buffer): string {
    const otp = randomBytes(TOKEN_LENGTH);
    const xored = Buffer.alloc(TOKEN_LENGTH);
    for (let i = 0; i < TOKEN_LENGTH; i++) xored[i] = otp[i]! ^ realToken[i]!;
    return Buffer.concat([otp, xored]).toString('base64');
  }

  private unmask(issued: string | undefined): Buffer | null {
    if (!issued) return null;
    const raw = Buffer.from(issued, 'base64');
    if (raw.length !== TOKEN_LENGTH * 2) return null;
    const out = Buffer.alloc(TOKEN_LENGTH);
    for (let i = 0; i < TOKEN_LENGTH; i++) out[i] = raw[i]! ^ raw[i + TOKEN_LENGTH]!;
    return out;
  }

  check(req: {
    method: string;
    cookies: Record<string, string>;
    header: (name: string) => string | undefined;
  }): CsrfVerdict {
    let realToken = this.readCookie(req.cookies[CSRF_COOKIE]);
    let setCookie: string | null = null;
    if (!realToken) {
      realToken = randomBytes(TOKEN_LENGTH);
      const expires = new Date(Date.now() + MAX_AGE_S * 1000).toUTCString();
      setCookie = `${CSRF_COOKIE}=${this.sign(realToken)}; Path=/; Expires=${expires}; Max-Age=${MAX_AGE_S}; HttpOnly`;
    }

    // security.ShouldSkipCSRFCheck
    const hasAuthCookie = Boolean(req.cookies.portainer_api_key);
    if (!hasAuthCookie) {
      if (req.header('x-api-key') && req.header('authorization')) {
        return {
          ok: false,
          status: 403,
          json: true,
          text: JSON.stringify({
            message: 'api key and auth header are not allowed at the same time',
            details: 'api key and auth header are not allowed at the same time',
          }),
          setCookie,
        };
      }
      return { ok: true, realToken, setCookie };
    }
    if (SAFE_METHODS.has(req.method)) return { ok: true, realToken, setCookie };

    const sent = this.unmask(req.header(CSRF_HEADER.toLowerCase()));
    if (!sent || !timingSafeEqual(sent, realToken)) {
      return { ok: false, status: 403, json: false, text: 'Forbidden - CSRF token invalid\n', setCookie };
    }
    return { ok: true, realToken, setCookie };
  }
}
