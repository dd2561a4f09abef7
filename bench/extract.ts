/**
 * Times `docproof extract` (the same function the command runs: read, parse, frontmatter, walk, model) over
 * the whole current corpus (authentik-integrations) against a bare parse of the same files with the same
 * unified parser stack, in one run, several iterations each, interleaved. Prints both times and the ratio.
 * Target: extraction adds ≤ 50% to the bare parse (ratio ≤ 1.5).
 */
import { readFileSync } from 'node:fs';
import { extractFile, GuideInputError } from '../src/guide/extract.js';
import { formatOf, parseGuideText } from '../src/guide/parse.js';
import { currentCorpusFiles, median } from './support.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5);

const files = await currentCorpusFiles('bench:extract');

async function bare(): Promise<number> {
  let nodes = 0;
  // Read the way extractFile reads (synchronously), so the ratio compares parsing and extraction, not two ways of reading.
  for (const f of files) nodes += parseGuideText(readFileSync(f, 'utf8'), formatOf(f)).tree.children.length;
  return nodes;
}

async function extract(): Promise<number> {
  let settings = 0;
  for (const f of files) {
    try {
      settings += (await extractFile(f)).guide.settings.length;
    } catch (err) {
      if (!(err instanceof GuideInputError)) throw err;
    }
  }
  return settings;
}

async function time(fn: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

// Warm-up: JIT and module caches for both sides.
await bare();
await extract();

const bareTimes: number[] = [];
const extractTimes: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  bareTimes.push(await time(bare));
  extractTimes.push(await time(extract));
}
const b = median(bareTimes);
const e = median(extractTimes);
const ratio = e / b;
process.stdout.write(
  [
    `files: ${files.length} (authentik-integrations), iterations: ${ITERATIONS}, median of each`,
    `bare remark parse (same stack, parse only): ${b.toFixed(1)} ms`,
    `docproof extract:                           ${e.toFixed(1)} ms`,
    `ratio extract / bare parse: ${ratio.toFixed(3)}  (extraction adds ${((ratio - 1) * 100).toFixed(1)}%; target ≤ 50%)`,
  ].join('\n') + '\n',
);
process.exitCode = ratio <= 1.5 ? 0 : 1;
