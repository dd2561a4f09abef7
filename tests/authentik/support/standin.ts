/** The authentik stand-in (tests/standins/authentik/server.ts) with per-test secrets. */
import { randomSecret } from '../../../src/stack/random.js';
import { startAuthentikStandin, type AuthentikStandin } from '../../standins/authentik/server.js';
import type { StandinLine } from '../../standins/authentik/schema.js';

export type { AuthentikStandin };

export async function startStandin(line?: StandinLine): Promise<{ standin: AuthentikStandin; token: string }> {
  const token = randomSecret(24);
  const standin = await startAuthentikStandin({ bootstrapToken: token, bootstrapPassword: randomSecret(12), ...(line ? { line } : {}) });
  return { standin, token };
}
