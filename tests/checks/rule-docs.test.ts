/**
 * Every rule's documented examples, run: an `ok` example yields no finding of that rule, a `not-ok` example yields
 * exactly the documented `line:column: severity: message` lines, in order. docs/rules.md must equal what the doc comments render.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../src/checks/index.js';
import { fsEnv, sortMessages } from '../../src/checks/lint.js';
import { runRule, type AnyRule } from '../../src/checks/rule.js';
import { readRuleDocs, renderRulesMarkdown } from '../../src/checks/rules-doc.js';
import { severityOf, type Severity } from '../../src/findings.js';
import { extractText } from '../../src/guide/extract.js';

const docs = await readRuleDocs();
let dir: string;
beforeAll(async () => {
  // Examples run in an empty folder, so a relative link in an example resolves to nothing.
  dir = await mkdtemp(path.join(os.tmpdir(), 'docproof-rule-docs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function findings(rule: AnyRule, name: string, text: string, config?: unknown): Promise<string[]> {
  const { guide, file } = extractText(path.join(dir, name), text);
  const [severity, options] = Array.isArray(config) ? (config as [Severity, Record<string, unknown>]) : [rule.severity, undefined];
  await runRule(rule, guide, file, fsEnv, { severity, options });
  sortMessages(file);
  return file.messages.filter((m) => m.ruleId === rule.id).map((m) => `${m.line}:${m.column}: ${severityOf(m)}: ${m.reason}`);
}

describe('rule documentation examples', () => {
  it('documents every rule with at least one ok and one not-ok example', () => {
    expect(docs.map((d) => d.id)).toEqual(rules.map((r) => r.id));
    for (const d of docs) {
      expect(d.parsed.examples.some((e) => e.kind === 'ok'), `${d.id}: ok example`).toBe(true);
      expect(d.parsed.examples.some((e) => e.kind === 'not-ok' && e.output.length > 0), `${d.id}: not-ok example`).toBe(true);
      expect(d.parsed.description).toMatch(/## When to use[\s\S]*## Options[\s\S]*## Fix/);
    }
  });

  for (const d of docs) {
    const rule = rules.find((r) => r.id === d.id)! as AnyRule;
    d.parsed.examples.forEach((ex, i) => {
      it(`${d.id}: example ${i + 1} (${ex.kind}, ${ex.name})`, async () => {
        expect(await findings(rule, ex.name, ex.text, ex.config)).toEqual(ex.output);
      });
    });
  }

  it('docs/rules.md is rendered from the doc comments (run `npm run docs:rules`)', async () => {
    const onDisk = await readFile(path.resolve('docs/rules.md'), 'utf8');
    expect(onDisk).toBe(renderRulesMarkdown(docs));
    for (const r of rules) expect(onDisk).toContain(`\n## ${r.id}\n`);
  });
});
