/** The authentik stand-in (tests/standins/authentik/server.ts) with per-test secrets. */
import { randomBytes } from 'node:crypto';
import { startAuthentikStandin, type AuthentikStandin } from '../../standins/authentik/server.js';

export type { AuthentikStandin };

export async function startStandin(): Promise<{ standin: AuthentikStandin; token: string }> {
  const token = randomBytes(24).toString('hex');
  const standin = await startAuthentikStandin({ bootstrapToken: token, bootstrapPassword: randomBytes(12).toString('hex') });
  return { standin, token };
}
