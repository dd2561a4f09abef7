/**
 * Portainer's own session JWT (reference portainer.md 1.4, api/jwt/jwt.go): HS256 with a per-instance secret,
 * claims id, username, role, scope, forceChangePassword, plus exp/iat/jti. Revoked on logout by jti.
 * Also the unverified parse Portainer applies to the IdP's id_token (2.5: jwt.Parser.ParseUnverified).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface TokenData {
  id: number;
  username: string;
  role: number;
  forceChangePassword: boolean;
  jti: string;
  exp: number;
}

function b64url(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

export class JwtService {
  private readonly secret = randomBytes(32);
  private readonly revoked = new Set<string>();

  generate(user: { Id: number; Username: string; Role: number }, lifetimeMs: number, forceChangePassword = false): {
    token: string;
    expires: Date;
  } {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + Math.max(1, Math.floor(lifetimeMs / 1000));
    const claims = {
      id: user.Id,
      username: user.Username,
      role: user.Role,
      scope: 'default',
      forceChangePassword,
      exp,
      jti: randomUUID(),
      iat: now,
    };
    const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
    const sig = createHmac('sha256', this.secret).update(unsigned).digest('base64url');
    return { token: `${unsigned}.${sig}`, expires: new Date(exp * 1000) };
  }

  /** ParseAndVerifyToken plus the revocation list; null when invalid, expired or revoked. */
  verify(token: string): TokenData | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [h, p, s] = parts as [string, string, string];
    const expected = createHmac('sha256', this.secret).update(`${h}.${p}`).digest();
    const given = Buffer.from(s, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
    if (typeof claims.jti !== 'string' || this.revoked.has(claims.jti)) return null;
    return {
      id: Number(claims.id),
      username: String(claims.username),
      role: Number(claims.role),
      forceChangePassword: claims.forceChangePassword === true,
      jti: claims.jti,
      exp: claims.exp,
    };
  }

  revoke(token: string): void {
    const data = this.verify(token);
    if (data) this.revoked.add(data.jti);
  }
}

/** golang-jwt ParseUnverified into MapClaims: no signature or claim validation at all. */
const KNOWN_ALGS = new Set([
  'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'none',
]);

export function parseUnverified(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('token contains an invalid number of segments');
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
  } catch {
    throw new Error('could not JSON decode header');
  }
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new Error('could not JSON decode claim');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new Error('could not JSON decode claim');
  }
  const alg = (header as Record<string, unknown> | null)?.alg;
  if (typeof alg !== 'string') throw new Error('signing method (alg) is unspecified.');
  if (!KNOWN_ALGS.has(alg)) throw new Error('signing method (alg) is unavailable.');
  return claims as Record<string, unknown>;
}
