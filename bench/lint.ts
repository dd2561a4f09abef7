/**
 * Times `docproof lint` (all rules, the CLI as `npm run build` makes it) against `markdownlint-cli2` (its default
 * configuration) over the same files: every guide of the current corpus (authentik-integrations), in one run. All
 * run the same way, as fresh Node processes from the command line, so each pays its own start-up; runs are
 * interleaved (rotating which goes first), and the median of each is compared. Prints the times and the ratio.
 * Target: docproof no slower than markdownlint-cli2 (ratio ≤ 1); the exit code says whether it is met.
 * `remark-cli` with remark-lint's recommended preset (and remark-frontmatter, so that frontmatter is not read as
 * a heading) is timed too, for reference: the other plain markdown linter the issue names.
 *
 * docproof is built first (tsc and the bundler, into a temporary folder under node_modules/.cache, not timed),
 * because `tsx` would add transpiling to docproof's time only. Usage: `npm run bench:lint` (BENCH_ITERATIONS=n to
 * change the number of runs).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { rules } from '../src/checks/index.js';
import { extractFile, GuideInputError } from '../src/guide/extract.js';
import { currentCorpusFiles, median } from './support.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 7);
const root = path.resolve(import.meta.dirname, '..');

// The same files for all: every file docproof lints as a guide (folders also hold listing pages it skips).
const candidates = await currentCorpusFiles('bench:lint');
const files: string[] = [];
for (const f of candidates) {
  try {
    await extractFile(f);
    files.push(path.relative(root, f));
  } catch (err) {
    if (!(err instanceof GuideInputError)) throw err;
  }
}

// Inside the repository (node_modules/.cache), so the compiled CLI resolves the installed packages.
await mkdir(path.join(root, 'node_modules/.cache'), { recursive: true });
const out = await mkdtemp(path.join(root, 'node_modules/.cache/docproof-bench-'));
try {
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out, '--declaration', 'false', '--sourceMap', 'false'], { cwd: root }).catch((err: { stdout?: string }) => {
    // tsc still emits when another module has a type error; only a missing cli.js stops the benchmark.
    if (err.stdout) process.stderr.write(`bench:lint: tsc reported errors (emitted anyway):\n${err.stdout.split('\n').slice(0, 5).join('\n')}\n`);
  });
  await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bundle-cli.ts'), out], { cwd: root });

  const tools = [
    { name: `docproof lint (${rules.length} rules, built)`, args: [path.join(out, 'cli.js'), 'lint', '--format', 'json', ...files] },
    { name: 'markdownlint-cli2 (default config)', args: [path.join(root, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs'), ...files] },
    {
      name: 'remark-cli (lint-recommended)',
      args: [path.join(root, 'node_modules/remark-cli/cli.js'), '--no-stdout', '--use', 'remark-frontmatter', '--use', 'remark-preset-lint-recommended', ...files],
    },
  ];

  /** Wall time of one CLI run (output drained, exit code recorded: they exit 1 when they find something). */
  const time = (args: string[]) =>
    new Promise<{ ms: number; code: number | null; bytes: number }>((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      let bytes = 0;
      child.stdout.on('data', (b: Buffer) => (bytes += b.length));
      child.stderr.on('data', (b: Buffer) => (bytes += b.length));
      child.on('error', reject);
      child.on('close', (code) => resolve({ ms: performance.now() - t0, code, bytes }));
    });

  // One warm-up run each (file system cache), then timed runs, rotating which tool goes first so that a drift in
  // the machine's load does not fall on one side only.
  const warm: { code: number | null; bytes: number }[] = [];
  for (const t of tools) warm.push(await time(t.args));
  if (warm[0]!.code === 2) throw new Error('docproof lint exited 2 (usage or input error) on the corpus');
  const times: number[][] = tools.map(() => []);
  const loadBefore = os.loadavg()[0]!;
  for (let i = 0; i < ITERATIONS; i++) {
    for (let k = 0; k < tools.length; k++) {
      const j = (i + k) % tools.length;
      times[j]!.push((await time(tools[j]!.args)).ms);
    }
  }
  const loadAfter = os.loadavg()[0]!;
  const medians = times.map(median);
  const ratio = medians[0]! / medians[1]!;
  const width = Math.max(...tools.map((t) => t.name.length)) + 1;
  process.stdout.write(
    [
      `files: ${files.length} guides (authentik-integrations), ${ITERATIONS} runs each as a CLI process, median (min); ${os.availableParallelism()} cores, load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`,
      ...tools.map((t, k) => `${(t.name + ':').padEnd(width)} ${medians[k]!.toFixed(0)} ms (${Math.min(...times[k]!).toFixed(0)})  (exit ${warm[k]!.code}, ${warm[k]!.bytes} bytes of output)`),
      `ratio docproof / markdownlint-cli2: ${ratio.toFixed(3)}  (target ≤ 1)`,
      `ratio docproof / remark-cli:        ${(medians[0]! / medians[2]!).toFixed(3)}  (for reference)`,
    ].join('\n') + '\n',
  );
  process.exitCode = ratio <= 1 ? 0 : 1;
} finally {
  await rm(out, { recursive: true, force: true });
}
