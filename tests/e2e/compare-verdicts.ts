/**
 * `tsx tests/e2e/compare-verdicts.ts DIR`: compares the scenario verdicts that e2e runs on different stacks wrote
 * to DIR (tests/e2e/verdicts.ts). Prints one line per scenario; exits 1 when any scenario's verdict differs between
 * stacks or is missing from one, 2 when there is nothing to compare.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareVerdicts, type StackVerdicts } from './verdict-compare.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx tests/e2e/compare-verdicts.ts DIR\n');
  process.exit(2);
}
let files: string[] = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.json'));
} catch {
  // reported below
}
if (files.length < 2) {
  process.stderr.write(`compare-verdicts: ${files.length} stack(s) recorded in ${dir}; two or more are needed to compare\n`);
  process.exit(2);
}
const stacks = files.map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as StackVerdicts);
const { lines, agree } = compareVerdicts(stacks);
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(agree ? 0 : 1);
