/** The authentik stand-in (tests/standins/authentik/server.ts) with per-test secrets. */
import { randomSecret } from '../../../src/stack/random.js';
import { startAuthentikStandin, type AuthentikStandin } from '../../standins/authentik/server.js';

export type { AuthentikStandin };

export async function startStandin(): Promise<{ standin: AuthentikStandin; token: string }> {
  const token = randomSecret(24);
  const standin = await startAuthentikStandin({ bootstrapToken: token, bootstrapPassword: randomSecret(12) });
  return { standin, token };
}
