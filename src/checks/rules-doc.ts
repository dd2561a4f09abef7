/**
 * Renders docs/rules.md from the rule modules' doc comments: one section per rule, its anchor the rule id (the
 * `url` of every finding points there). `npm run docs:rules` rewrites the file; a test fails when it is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRuleDoc, type RuleDoc } from './doc.js';
import { rules } from './index.js';

export const RULES_DIR = path.dirname(fileURLToPath(import.meta.url));

export async function readRuleDocs(dir = RULES_DIR): Promise<{ id: string; severity: string; doc: string; parsed: RuleDoc }[]> {
  return Promise.all(
    rules.map(async (r) => {
      const file = path.join(dir, `${r.id}.ts`);
      const source = await readFile(file, 'utf8');
      try {
        return { id: r.id, severity: r.severity, doc: r.doc, parsed: parseRuleDoc(source) };
      } catch (err) {
        throw new Error(`${file}: ${(err as Error).message}`);
      }
    }),
  );
}

const fence = (lang: string, body: string) => `\`\`\`\`${lang}\n${body.replace(/\n+$/, '')}\n\`\`\`\`\n`;

export function renderRulesMarkdown(docs: { id: string; severity: string; doc: string; parsed: RuleDoc }[]): string {
  const out: string[] = [
    '# docproof lint rules',
    '',
    '<!-- Generated from the doc comments of src/checks/<rule-id>.ts by `npm run docs:rules`; edit those, not this file. -->',
    '',
    'Each finding names its rule and links to its section here. Configure rules with `docproof lint --config FILE`, a JSON',
    'file such as `{"rules": {"tested-version": ["warning", {"maxReleases": 6}], "template-structure": "off"}}`.',
    '',
    'Severities: `error` for what certainly breaks what the guide documents (the sign-in, the logout, the site\'s build), `warning`',
    'for a likely problem, `info` for style and advice. `docproof lint` exits 1 on an error (and on warnings beyond',
    '`--max-warnings`). A rule\'s default severity is the one its findings take unless its section says otherwise; each',
    'section states when a finding is an error, a warning or info, and its examples show each finding as',
    '`line:column: severity: message`. A configured severity other than the default applies to all of a rule\'s findings.',
    '',
    '| Rule | Default severity | Checks |',
    '|---|---|---|',
    ...docs.map((d) => `| [${d.id}](#${d.id}) | ${d.severity} | ${d.doc.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const d of docs) {
    out.push(`## ${d.id}`, '', `Default severity: **${d.severity}**. Source: [\`src/checks/${d.id}.ts\`](../src/checks/${d.id}.ts).`, '');
    // The module's own headings are one level below the rule's.
    out.push(d.parsed.description.replace(/^(#+) /gm, '$1# '), '');
    out.push('### Examples', '');
    for (const ex of d.parsed.examples) {
      out.push(`#### ${ex.kind === 'ok' ? 'ok' : 'not ok'}: \`${ex.name}\`${ex.config ? ` with \`${JSON.stringify(ex.config)}\`` : ''}`, '');
      out.push(fence('markdown', ex.text));
      out.push(ex.kind === 'ok' ? 'No findings.' : 'Findings:', '');
      if (ex.kind === 'not-ok') out.push(fence('text', ex.output.join('\n')));
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = path.resolve(RULES_DIR, '../../docs/rules.md');
  await writeFile(target, renderRulesMarkdown(await readRuleDocs()));
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
