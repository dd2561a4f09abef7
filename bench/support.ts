/** What the benchmarks share: the current corpus's guide files, and the median of the timings. */
import path from 'node:path';
import { corpusDir } from '../src/guide/corpus.js';
import { findGuides } from '../src/guide/find.js';

/** Every index.md(x) of the current corpus (authentik-integrations); exits 2 with one line when there is no corpus. */
export async function currentCorpusFiles(bench: string): Promise<string[]> {
  const dir = corpusDir();
  if (!dir) {
    process.stderr.write(`${bench}: no corpus (set DOCPROOF_CORPUS or provide ../shared/corpus)\n`);
    process.exit(2);
  }
  return findGuides([path.join(dir, 'authentik-integrations')]);
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
