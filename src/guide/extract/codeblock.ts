/**
 * Settings an application takes from a configuration snippet: YAML and JSON through the `yaml` package
 * (JSON is YAML), `.env`/shell/ini/TOML-style `KEY=value` lines, and simple assignments in PHP, Ruby, Python
 * and JavaScript config files (`$config['key'] = 'value';`, `KEY = "value"`, `key: "value",`).
 * Each setting keeps the file line of its value. Lines are matched one at a time inside the block's value.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

export interface CodeSetting {
  key: string;
  value: string;
  line: number;
  column: number;
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
  if (ASSIGN_LANGS.has(l)) return assignSettings(value, firstLine, column);
  return [];
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
    out.push({ key: section + m[1]!, value: v, line: firstLine + i, column: column + Math.max(0, raw.indexOf(m[2])) });
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
