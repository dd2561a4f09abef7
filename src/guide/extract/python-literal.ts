/**
 * A parser for Python literals, the values of configuration files such as pgAdmin's `config_local.py`:
 * strings ('…', "…", with escapes and r/b/u prefixes), numbers, True/False/None, lists, tuples and dicts, with
 * comments and line breaks between items. JSON's true/false/null are read too, since guides paste JSON into the
 * same places. Every node keeps its offsets in the source, so a value inside a dict keeps its own line and column.
 * Anything else (a name, a call, an f-string, an operator) is not a literal: the parse fails and returns null.
 */

export type PyNode =
  | { kind: 'str'; value: string; start: number; end: number }
  | { kind: 'scalar'; start: number; end: number }
  | { kind: 'list'; items: PyNode[]; start: number; end: number }
  | { kind: 'dict'; entries: { key: PyNode; value: PyNode }[]; start: number; end: number };

class NotALiteral extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
const SCALAR = /^(?:[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?j?|True|False|None|true|false|null)(?![\w.])/;

class Parser {
  pos: number;
  constructor(
    readonly src: string,
    start: number,
  ) {
    this.pos = start;
  }

  /** Skips spaces, line breaks (inside brackets they carry no meaning), backslash continuations and comments. */
  space(): void {
    for (;;) {
      const m = /^(?:[ \t\r\n\f]+|\\\r?\n|#[^\n]*)/.exec(this.src.slice(this.pos));
      if (!m) return;
      this.pos += m[0].length;
    }
  }

  value(): PyNode {
    this.space();
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === '[' || c === '(') return this.sequence(c === '[' ? ']' : ')');
    if (c === '{') return this.dict();
    const prefixed = /^[rRbBuU]{0,2}(['"])/.exec(this.src.slice(this.pos));
    if (prefixed) return this.string(prefixed[0].length - 1, /r/i.test(prefixed[0]));
    const m = SCALAR.exec(this.src.slice(this.pos));
    if (!m) throw new NotALiteral();
    this.pos += m[0].length;
    return { kind: 'scalar', start, end: this.pos };
  }

  private string(prefixLength: number, raw: boolean): PyNode {
    const start = this.pos;
    this.pos += prefixLength;
    const quote = this.src.startsWith(this.src[this.pos]!.repeat(3), this.pos) ? this.src[this.pos]!.repeat(3) : this.src[this.pos]!;
    this.pos += quote.length;
    let value = '';
    for (;;) {
      if (this.pos >= this.src.length) throw new NotALiteral();
      if (this.src.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        break;
      }
      const ch = this.src[this.pos]!;
      if (ch === '\n' && quote.length === 1) throw new NotALiteral();
      if (ch === '\\' && this.pos + 1 < this.src.length) {
        const next = this.src[this.pos + 1]!;
        value += raw ? ch + next : (ESCAPES[next] ?? ch + next);
        this.pos += 2;
        continue;
      }
      value += ch;
      this.pos++;
    }
    return { kind: 'str', value, start, end: this.pos };
  }

  private sequence(close: string): PyNode {
    const start = this.pos++;
    const items: PyNode[] = [];
    for (;;) {
      this.space();
      if (this.src[this.pos] === close) break;
      items.push(this.value());
      this.space();
      if (this.src[this.pos] === ',') this.pos++;
      else if (this.src[this.pos] !== close) throw new NotALiteral();
    }
    this.pos++;
    return { kind: 'list', items, start, end: this.pos };
  }

  private dict(): PyNode {
    const start = this.pos++;
    const entries: { key: PyNode; value: PyNode }[] = [];
    for (;;) {
      this.space();
      if (this.src[this.pos] === '}') break;
      const key = this.value();
      this.space();
      if (this.src[this.pos] !== ':') throw new NotALiteral();
      this.pos++;
      const value = this.value();
      entries.push({ key, value });
      this.space();
      if (this.src[this.pos] === ',') this.pos++;
      else if (this.src[this.pos] !== '}') throw new NotALiteral();
    }
    this.pos++;
    return { kind: 'dict', entries, start, end: this.pos };
  }
}

/**
 * The literal that starts at `start` (after any spaces) and where it ends, or null when the text there is not a
 * Python literal. Text after the literal is not looked at: the caller decides what may follow it.
 */
export function parsePythonLiteral(src: string, start = 0): PyNode | null {
  try {
    return new Parser(src, start).value();
  } catch (err) {
    if (err instanceof NotALiteral) return null;
    throw err;
  }
}

/** The whole of `src` is one literal (spaces and a trailing comment aside), or null. */
export function parseWholePythonLiteral(src: string): PyNode | null {
  const parser = new Parser(src, 0);
  try {
    const node = parser.value();
    parser.space();
    return parser.pos === src.length ? node : null;
  } catch (err) {
    if (err instanceof NotALiteral) return null;
    throw err;
  }
}

/** The end of the trailing spaces and comment after `pos` (the offset where the next statement may start). */
export function skipSpace(src: string, pos: number): number {
  const parser = new Parser(src, pos);
  parser.space();
  return parser.pos;
}

/** A leaf worth its own setting: a scalar, or a list that holds no dict (`['oauth2', 'internal']` is one value). */
export function isLeaf(node: PyNode): boolean {
  return node.kind === 'str' || node.kind === 'scalar' || (node.kind === 'list' && node.items.every((i) => i.kind !== 'dict'));
}
