/**
 * Settings an application takes from a configuration snippet: YAML and JSON through the `yaml` package
 * (JSON is YAML), `.env`/shell/ini/TOML-style `KEY=value` lines, and simple assignments in PHP, Ruby, Python
 * and JavaScript config files (`$config['key'] = 'value';`, `KEY = "value"`, `key: "value",`).
 * Each setting keeps the file line of its value. Lines are matched one at a time inside the block's value.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { isLeaf, parsePythonLiteral, parseWholePythonLiteral, type PyNode } from './python-literal.js';

export interface CodeSetting {
  key: string;
  value: string;
  line: number;
  column: number;
  /**
   * Where the value sits in a structured value: `['OAUTH2_CONFIG', 0, 'OAUTH2_CLIENT_ID']`, `[key]` for a
   * top-level scalar. Set for Python assignments and `KEY=value` lines; absent where the block is read line by line.
   */
  keyPath?: Array<string | number>;
  /** How the value is written: a quoted string, or a literal of the configuration's language (`True`, `['a', 'b']`). */
  syntax?: 'string' | 'literal';
}

const YAML_LANGS = new Set(['yaml', 'yml', 'json', 'jsonc', 'json5']);
const LINE_LANGS = new Set(['env', 'dotenv', 'sh', 'bash', 'shell', 'zsh', 'console', 'ini', 'conf', 'cfg', 'properties', 'toml', 'text', 'txt', 'plaintext', 'docker', 'dockerfile', '']);
const ASSIGN_LANGS = new Set(['php', 'ruby', 'rb', 'python', 'py', 'js', 'javascript', 'ts', 'typescript', 'elixir', 'ex', 'exs', 'lua', 'go', 'conf', 'nginx', 'apache', 'xml']);

const unquote = (v: string) => v.trim().replace(/^(['"])(.*)\1$/, '$2');

/** `firstLine`: the file line of the block's first content line; `column`: the block's column. */
export function settingsInCode(lang: string | null | undefined, value: string, firstLine: number, column: number): CodeSetting[] {
  const l = (lang ?? '').toLowerCase();
  if (YAML_LANGS.has(l) || l === '' || l === 'text' || l === 'txt') {
    const y = yamlSettings(value, firstLine, column);
    if (y.length) return y;
    // Labelled yaml but written as `KEY=value` lines, or YAML with an elision (`[...]`) that does not parse.
    const kv = lineSettings(value, firstLine, column);
    if (kv.length) return kv;
    return colonLines(value, firstLine, column);
  }
  if (LINE_LANGS.has(l)) return lineSettings(value, firstLine, column);
  if (PYTHON_LANGS.has(l)) return pythonSettings(value, firstLine, column);
  if (ASSIGN_LANGS.has(l)) return assignSettings(value, firstLine, column);
  return [];
}

const PYTHON_LANGS = new Set(['python', 'py']);

/** Offsets in `text` → 1-based line and 0-based column within it. */
function positions(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    while (lo + 1 < starts.length && starts[lo + 1]! <= offset) lo++;
    return { line: lo + 1, col: offset - starts[lo]! };
  };
}

/** A literal as one line: a list of plain values without the comments and line breaks a guide lays it out with. */
function literalText(node: PyNode, src: string): string {
  const text = src.slice(node.start, node.end);
  if (node.kind !== 'list' || !text.includes('\n')) return text;
  const open = src[node.start]!;
  const items = node.items.map((i) => literalText(i, src));
  return `${open}${items.join(', ')}${open === '(' && items.length === 1 ? ',' : ''}${open === '(' ? ')' : ']'}`;
}

/**
 * The leaves of a literal, one setting each: dicts are entered by key, lists of dicts by index, and a list of
 * plain values (`['oauth2', 'internal']`) is one value. `key` is the innermost dict key (the label a reader sees).
 */
function leaves(node: PyNode, src: string, keyPath: Array<string | number>, at: (offset: number) => { line: number; column: number }): CodeSetting[] {
  if (isLeaf(node) || (node.kind === 'dict' && node.entries.length === 0)) {
    const key = [...keyPath].reverse().find((k): k is string => typeof k === 'string') ?? '';
    const value = node.kind === 'str' ? node.value : literalText(node, src);
    return [{ key, value, keyPath, syntax: node.kind === 'str' ? 'string' : 'literal', ...at(node.start) }];
  }
  if (node.kind === 'list') return node.items.flatMap((item, i) => leaves(item, src, [...keyPath, i], at));
  if (node.kind !== 'dict') return [];
  return node.entries.flatMap((e) => leaves(e.value, src, [...keyPath, e.key.kind === 'str' ? e.key.value : src.slice(e.key.start, e.key.end)], at));
}

/**
 * Top-level assignments of a Python configuration file (`NAME = <literal>`, the literal may span lines), one
 * setting per leaf of the literal with its keyPath. Lines that are not such an assignment (a value computed by a
 * call, an `import`) are read one at a time as before (`assignSettings`).
 */
function pythonSettings(value: string, firstLine: number, column: number): CodeSetting[] {
  // Code with control flow is a program (an authentik property-mapping expression), not a configuration file.
  if (/^\s*(if|elif|for|while|def|class|return|try|with)\b/m.test(value)) return assignSettings(value, firstLine, column);
  const pos = positions(value);
  const at = (offset: number) => {
    const p = pos(offset);
    return { line: firstLine + p.line - 1, column: column + p.col };
  };
  const out: CodeSetting[] = [];
  const covered = new Set<number>();
  const assign = /^([A-Za-z_]\w*)[ \t]*=(?!=)[ \t]*/gm;
  for (let m = assign.exec(value); m; m = assign.exec(value)) {
    const node = parsePythonLiteral(value, m.index + m[0].length);
    if (!node) continue;
    const after = value.slice(node.end).split('\n', 1)[0]!;
    if (!/^[ \t]*;?[ \t]*(#.*)?$/.test(after)) continue;
    out.push(...leaves(node, value, [m[1]!], at));
    const first = pos(m.index).line;
    const last = pos(node.end).line;
    for (let l = first; l <= last; l++) covered.add(firstLine + l - 1);
    assign.lastIndex = node.end;
  }
  const rest = assignSettings(value, firstLine, column).filter((s) => !covered.has(s.line));
  return [...out, ...rest].sort((a, b) => a.line - b.line || a.column - b.column);
}

function yamlSettings(value: string, firstLine: number, column: number): CodeSetting[] {
  const counter = new LineCounter();
  const doc = parseDocument(value, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length || !(isMap(doc.contents) || isSeq(doc.contents))) return [];
  const out: CodeSetting[] = [];
  const at = (node: YamlNode) => {
    const pos = counter.linePos(node.range?.[0] ?? 0);
    return { line: firstLine + pos.line - 1, column: column + pos.col - 1 };
  };
  const visit = (node: unknown, path: string[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        // docker compose `environment: [KEY=value]`
        if (isScalar(item) && typeof item.value === 'string' && /^[A-Za-z_][\w.-]*=/.test(item.value)) {
          const eq = item.value.indexOf('=');
          out.push({ key: item.value.slice(0, eq), value: unquote(item.value.slice(eq + 1)), ...at(item) });
        } else visit(item, path);
      }
    } else if (isScalar(node) && path.length && node.value !== null && typeof node.value !== 'object') {
      out.push({ key: path.join('.'), value: String(node.value), ...at(node) });
    }
  };
  visit(doc.contents, []);
  return out;
}

function lineSettings(value: string, firstLine: number, column: number): CodeSetting[] {
  const out: CodeSetting[] = [];
  let section = '';
  const lines = value.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const sec = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (sec) {
      section = sec[1]!.trim() + '.';
      continue;
    }
    const stripped = raw.replace(/^\s*(export\s+|-e\s+|--env\s+|ENV\s+|set\s+)/, '').replace(/\s*\\\s*$/, '');
    const m = /^\s*([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(stripped);
    if (!m || m[2] === undefined) continue;
    const v = unquote(m[2].replace(/\s+#.*$/, ''));
    if (v === '') continue;
    const key = section + m[1]!;
    const valueColumn = column + Math.max(0, raw.indexOf(m[2]));
    // A variable whose value is a structured literal (pgAdmin's `PGADMIN_CONFIG_OAUTH2_CONFIG="[{'OAUTH2_NAME':…}]"`)
    // is split into its keys, each with its own column on this line.
    const literal = /^[[{(]/.test(v) ? parseWholePythonLiteral(v) : null;
    if (literal && !isLeaf(literal)) {
      const quoted = /^\s*['"]/.test(m[2]) ? 1 : 0;
      const inner = valueColumn + quoted + (m[2].length - m[2].trimStart().length);
      out.push(...leaves(literal, v, [key], (offset) => ({ line: firstLine + i, column: inner + offset })));
      continue;
    }
    const parsed = parseWholePythonLiteral(v);
    const syntax = parsed && parsed.kind !== 'str' ? 'literal' : 'string';
    out.push({ key, value: v, line: firstLine + i, column: valueColumn, keyPath: [key], syntax });
  }
  return out;
}

function assignSettings(value: string, firstLine: number, column: number): CodeSetting[] {
  const out: CodeSetting[] = [];
  const lines = value.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const m =
      /^\s*\$?[\w.>-]*((?:\[\s*['"][^'"]+['"]\s*\])+)\s*=>?\s*(['"].*['"]|true|false|\d+)\s*[;,]?\s*$/.exec(raw) ??
      /^\s*(?:config\.|const\s+|let\s+|var\s+)?([A-Za-z_][\w.]*)\s*(?:=|:|=>)\s*(['"].*['"]|true|false|\d+)\s*[;,]?\s*(?:#.*)?$/.exec(raw) ??
      /^\s*(['"][\w.-]+['"])\s*(?:=>|:)\s*(['"].*['"]|true|false|\d+)\s*[;,]?\s*$/.exec(raw);
    if (!m) continue;
    const keys = [...m[1]!.matchAll(/['"]([^'"]+)['"]/g)].map((k) => k[1]!);
    const key = keys.length ? keys[keys.length - 1]! : m[1]!;
    const v = unquote(m[2]!);
    if (v === '') continue;
    out.push({ key, value: v, line: firstLine + i, column: column + Math.max(0, raw.indexOf(m[2]!)) });
  }
  return out;
}

/** `key: value` lines of a YAML snippet that does not parse as a whole (leaf keys only). */
function colonLines(value: string, firstLine: number, column: number): CodeSetting[] {
  const out: CodeSetting[] = [];
  const lines = value.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const m = /^\s*-?\s*["']?([A-Za-z_][\w.-]*)["']?\s*:\s+(\S.*?)\s*(?:#.*)?$/.exec(raw);
    if (!m) continue;
    const v = unquote(m[2]!.replace(/,$/, ''));
    if (/^[{[(]$/.test(v)) continue;
    if (v === '' || v === '|' || v === '>') continue;
    out.push({ key: m[1]!, value: v, line: firstLine + i, column: column + Math.max(0, raw.indexOf(m[2]!)) });
  }
  return out;
}
