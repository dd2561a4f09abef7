/** Where authentik's guide corpus lives for tests and benchmarks: DOCPROOF_CORPUS, else ../shared/corpus. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export function corpusDir(): string | null {
  const candidates = [process.env.DOCPROOF_CORPUS, path.resolve(process.cwd(), '../shared/corpus')];
  for (const c of candidates) if (c && existsSync(c)) return path.resolve(c);
  return null;
}

export const CORPUS_TREES = [
  'authentik-integrations',
  'authentik-integrations-legacy-2025-05',
  'authentik-integrations-newer-samples',
] as const;
