/**
 * Splits "Key: value" out of a paragraph's segments: `**Key**: value`, `**Key:** value`, `Key: value`,
 * and `` `KEY`: value `` (environment variables). Returns null when the paragraph is not of that shape.
 */
import type { Segment } from './inline.js';

export interface KeyValueSplit {
  key: string;
  keyLine: number;
  keyColumn: number;
  /** Segments after the colon. */
  rest: Segment[];
}

/** Words that open an aside, not a setting ("Note: ..."). */
const NOT_KEYS = /^(note|notes|example|examples|e\.g|i\.e|important|tip|warning|caution|info|danger|hint|result|optional|default|why|see|also|remember|reminder|for example|alternatively|otherwise|then|now|step \d+)$/i;

/** Shifts a segment's start past `n` characters of its own text (single-line text only). */
function tail(seg: Segment, n: number): Segment {
  const before = seg.text.slice(0, n);
  const nl = before.lastIndexOf('\n');
  const line = seg.line + (before.match(/\n/g)?.length ?? 0);
  const column = nl === -1 ? seg.column + n : n - nl;
  return { ...seg, text: seg.text.slice(n), line, column };
}

function afterColon(rest: Segment[], text: string, seg: Segment, colonAt: number): Segment[] {
  let n = colonAt + 1;
  while (n < text.length && (text[n] === ' ' || text[n] === '\t')) n++;
  const remaining = tail(seg, n);
  return remaining.text === '' ? rest : [remaining, ...rest];
}

function plausibleKey(key: string): boolean {
  if (!key || key.length > 60) return false;
  if (NOT_KEYS.test(key)) return false;
  if (key.split(/\s+/).length > 7) return false;
  // A sentence is not a label: no sentence punctuation or backticks inside the label.
  return /^[\p{L}\p{N}][\p{L}\p{N} ()/'’.&+_#-]*$/u.test(key) && !/[.]\s/.test(key);
}

export function splitKeyValue(segments: readonly Segment[]): KeyValueSplit | null {
  let i = 0;
  while (i < segments.length && segments[i]!.kind === 'text' && segments[i]!.text.trim() === '') i++;
  const first = segments[i];
  if (!first) return null;
  const after = segments.slice(i + 1);

  if (first.kind === 'strong' || first.kind === 'code' || first.kind === 'em') {
    const label = first.text.trim();
    if (first.kind !== 'code' && label.endsWith(':')) {
      const key = label.slice(0, -1).trim();
      if (!key) return null;
      return { key, keyLine: first.line, keyColumn: first.column, rest: after };
    }
    const next = after[0];
    if (next?.kind === 'text') {
      const m = /^[ \t]*(\([^)]*\))?[ \t]*:/.exec(next.text);
      // `**Key** _(optional)_:` keeps the colon after an emphasis
      if (m && !next.text.startsWith('://')) {
        return { key: label, keyLine: first.line, keyColumn: first.column, rest: afterColon(after.slice(1), next.text, next, m[0].length - 1) };
      }
    }
    if (first.kind === 'strong' && next?.kind === 'em' && /^\(?optional\)?$/i.test(next.text.trim())) {
      const colon = after[1];
      if (colon?.kind === 'text' && /^\s*:/.test(colon.text)) {
        return { key: label, keyLine: first.line, keyColumn: first.column, rest: afterColon(after.slice(2), colon.text, colon, colon.text.indexOf(':')) };
      }
    }
    return null;
  }

  if (first.kind === 'text') {
    const text = first.text;
    const colon = text.indexOf(':');
    if (colon <= 0) return null;
    if (text.slice(colon, colon + 3) === '://') return null;
    const afterChar = text[colon + 1];
    if (afterChar !== undefined && afterChar !== ' ' && afterChar !== '\t' && afterChar !== '\n') return null;
    const key = text.slice(0, colon).trim();
    if (!plausibleKey(key)) return null;
    return { key, keyLine: first.line, keyColumn: first.column, rest: afterColon(after, text, first, colon) };
  }
  return null;
}
