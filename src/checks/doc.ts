/**
 * Reads a rule module's opening doc comment (the remark-lint convention): prose, then `@example` blocks, each
 * starting with a JSON line `{"name": "…", "label": "input" | "output", "config": […]}`. An example without a label
 * is an `ok` example (no findings); an `input` example has a matching `output` with the exact findings, one
 * `line:column: severity: message` per line. The tests run every example, and docs/rules.md is rendered from the same text,
 * so neither the documentation nor the examples can drift from what the rule does.
 */
export interface RuleExample {
  name: string;
  /** The guide text (ok or input). */
  text: string;
  /** Expected findings, `line:column: severity: message`; empty for an ok example. */
  output: string[];
  /** A rule setting for the example: a severity and options, as in a configuration file. */
  config?: unknown;
  kind: 'ok' | 'not-ok';
}

export interface RuleDoc {
  /** The prose before the first @example, markdown. */
  description: string;
  examples: RuleExample[];
}

/** Strips the comment frame, keeping the text's own indentation (below the two spaces after ` * `). */
function commentLines(source: string): string[] {
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!m) throw new Error('the module does not open with a /** doc comment */');
  return m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '').replace(/^\s*\*$/, ''));
}

function dedent(lines: string[]): string {
  while (lines.length && lines[0]!.trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

export function parseRuleDoc(source: string): RuleDoc {
  const lines = commentLines(source);
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (/^@example\b/.test(line.trim())) blocks.push([line.trim().replace(/^@example\s*/, '')]);
    else blocks[blocks.length - 1]!.push(line);
  }
  const description = dedent(blocks[0]!);
  const examples: RuleExample[] = [];
  const pendingInputs = new Map<string, RuleExample>();
  for (const block of blocks.slice(1)) {
    const body = dedent(block);
    const [head, ...rest] = body.split('\n');
    let meta: { name?: string; label?: string; config?: unknown };
    try {
      meta = JSON.parse(head!) as typeof meta;
    } catch {
      throw new Error(`@example must start with a JSON line, got: ${head}`);
    }
    if (!meta.name) throw new Error('@example JSON needs a "name"');
    const text = dedent(rest) + '\n';
    if (meta.label === 'input') {
      const ex: RuleExample = { name: meta.name, text, output: [], config: meta.config, kind: 'not-ok' };
      pendingInputs.set(meta.name, ex);
      examples.push(ex);
    } else if (meta.label === 'output') {
      const input = pendingInputs.get(meta.name);
      if (!input) throw new Error(`@example output for "${meta.name}" has no input before it`);
      input.output = dedent(rest).split('\n').filter((l) => l.trim() !== '');
      pendingInputs.delete(meta.name);
    } else {
      examples.push({ name: meta.name, text, output: [], config: meta.config, kind: 'ok' });
    }
  }
  for (const [name] of pendingInputs) throw new Error(`@example input "${name}" has no output`);
  return { description, examples };
}
