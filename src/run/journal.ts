/**
 * A journal of what a run created in authentik, written by the worker as it creates things and swept by the parent
 * after the Playwright runner has exited. Normally the worker's own cleanup has removed everything and the sweep
 * finds nothing; after an interrupted or crashed run it removes what is left (404 counts as already gone).
 */
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { AuthentikApi, type CreatedObject } from '../authentik/api.js';
import { AuthentikApiError } from '../authentik/errors.js';

/** What the worker's AuthentikApi created (its `onCreated`), one JSON object a line. */
export type JournalEntry = CreatedObject;

export function record(file: string, entry: JournalEntry): void {
  appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

const recorded = new Map<string, Set<string>>();

/**
 * Secrets learnt in the worker (the client secret authentik generated, session cookies), handed to the parent's
 * masker; each once per file, though the browser sends the same cookie with every response.
 */
export function recordSecret(file: string, secret: string): void {
  let seen = recorded.get(file);
  if (!seen) recorded.set(file, (seen = new Set()));
  if (seen.has(secret)) return;
  seen.add(secret);
  appendFileSync(file, `${JSON.stringify(secret)}\n`, { mode: 0o600 });
}

/** One JSON value a line, as `record` and `recordSecret` append them; nothing when the file was never written. */
function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function readSecrets(file: string): string[] {
  return readJsonLines<string>(file);
}

/** For a reader polling the file while the worker writes it: the secrets when the file has grown, else none. */
export function secretsWhenGrown(file: string): () => string[] {
  let size = 0;
  return () => {
    const now = existsSync(file) ? statSync(file).size : 0;
    if (now === size) return [];
    size = now;
    return readSecrets(file);
  };
}

export function readJournal(file: string): JournalEntry[] {
  return readJsonLines<JournalEntry>(file);
}

/** Deletes every journalled object that still exists; returns what it removed (names only). */
export async function sweep(file: string, authentik: { url: string; token: string }): Promise<string[]> {
  const entries = readJournal(file).reverse();
  if (!entries.length) return [];
  const api = new AuthentikApi({ baseUrl: authentik.url, token: authentik.token });
  const removed: string[] = [];
  const gone = (err: unknown) => err instanceof AuthentikApiError && err.status === 404;
  // Applications first: a provider still attached to an application is removed with it anyway, but be explicit.
  const order = { application: 0, provider: 1, user: 2 } as const;
  for (const e of entries.sort((a, b) => order[a.kind] - order[b.kind])) {
    try {
      await api.remove(e);
      removed.push(e.kind === 'application' ? `application ${e.slug}` : e.kind === 'provider' ? `provider ${e.name}` : `user ${e.username}`);
    } catch (err) {
      if (!gone(err)) throw err;
    }
  }
  return removed;
}
