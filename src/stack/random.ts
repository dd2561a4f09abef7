/** Per-run random values of every stack: secrets, names and the test user. */
import { randomBytes } from 'node:crypto';
import type { Stack } from './types.js';

/**
 * URL-safe random text: `bytes` random bytes in base64url. Fits Portainer's 12-character minimum and any form
 * field, and holds no `$`, so compose never interpolates inside it.
 */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** `docproof-` and 8 hex digits: a compose project, a test user. */
export function randomName(): string {
  return `docproof-${randomBytes(4).toString('hex')}`;
}

/** The user a run signs in as at authentik: made per run (random name and password) where not given. */
export function newTestUser(given: { username?: string | undefined; email?: string | undefined; password?: string | undefined } = {}): Stack['testUser'] {
  const username = given.username ?? randomName();
  return {
    username,
    // example.com is reserved for documentation (RFC 2606) and, unlike .test, passes the email validators that
    // applications use (pgAdmin's email_validator refuses special-use names such as .test: "Invalid email address").
    email: given.email ?? `${username}@docproof.example.com`,
    name: `docproof test user ${username}`,
    password: given.password ?? randomSecret(),
  };
}
