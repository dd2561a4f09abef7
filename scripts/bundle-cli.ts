/**
 * Bundles the compiled CLI (dist/cli.js from tsc) into one start-up file plus shared chunks, in place.
 *
 * Why: `docproof lint` on one guide (a pre-commit hook, a CI gate on a docs change) took 0.25 s, most of it Node
 * resolving and compiling the ~380 ES modules it loads (340 of them dependencies'); bundled, it takes 0.12 s.
 *
 * `extract`, `lint` and `report`, the commands people run on many files or in hooks, are bundled with their
 * dependencies. `plan`, `run`, `blueprint` and `changed` stay the tsc modules next to dist/cli.js: they load the
 * application drivers, Playwright or git, where 0.1 s of start-up is noise, and `run` finds its Playwright
 * configuration, spec and compose file next to its own module file, which a bundle would move.
 *
 * Usage: `tsx scripts/bundle-cli.ts [DIST]` (default dist/), after `tsc -p tsconfig.build.json`.
 */
import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const dist = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../dist'));
const CHUNKS = 'bundle';
const LIVE_COMMANDS = ['plan', 'run', 'blueprint', 'changed'].map((c) => `./commands/${c}.js`);

rmSync(path.join(dist, CHUNKS), { recursive: true, force: true });
await build({
  entryPoints: [path.join(dist, 'cli.js')],
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  chunkNames: `${CHUNKS}/[name]-[hash]`,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: LIVE_COMMANDS,
  sourcemap: 'linked',
  // CommonJS dependencies (commander) call require() for Node built-ins, which an ES module bundle must provide.
  banner: { js: "import { createRequire as __docproofRequire } from 'node:module'; const require = __docproofRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The package's bin: `npx docproof` in a clone executes the file itself (npm makes the bins of dependencies
// executable when it links them, but not the project's own, and neither tsc nor esbuild sets the mode).
chmodSync(path.join(dist, 'cli.js'), 0o755);
