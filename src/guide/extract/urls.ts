/** URL- and host-like values: inline code, legacy kbd, link targets, bare text and code blocks. */
import type { UrlUse } from '../model.js';
import type { Segment } from './inline.js';
import { unescapeCode } from './inline.js';

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>)\]}]+|\b[\w-]+(?:\.[\w-]+)*\.company\b(?::\d+)?(?:\/[^\s"'`<>)\]}]*)?/gi;

function isUrlish(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/\S+/i.test(text) || /\.company\b/.test(text);
}

export function urlsInSegments(segs: readonly Segment[]): UrlUse[] {
  const out: UrlUse[] = [];
  for (const s of segs) {
    if ((s.kind === 'code' || s.kind === 'kbd') && isUrlish(s.text)) {
      out.push({ url: unescapeCode(s.text.trim()), line: s.line, column: s.column, origin: s.kind === 'kbd' ? 'kbd' : 'code' });
    } else if (s.kind === 'link' && s.url && /^[a-z][a-z0-9+.-]*:/i.test(s.url)) {
      out.push({ url: s.url, line: s.line, column: s.column, origin: s.autolink ? 'text' : 'link' });
    }
  }
  return out;
}

/** URLs inside a fenced code block; `firstLine` is the file line of the block's first content line. */
export function urlsInCode(value: string, firstLine: number, column: number): UrlUse[] {
  if (!value.includes('://') && !value.includes('.company')) return [];
  const out: UrlUse[] = [];
  const lines = value.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    URL_IN_TEXT.lastIndex = 0;
    for (let m = URL_IN_TEXT.exec(line); m; m = URL_IN_TEXT.exec(line)) {
      out.push({ url: m[0].replace(/[.,;:]+$/, ''), line: firstLine + i, column: column + m.index, origin: 'codeblock' });
    }
  }
  return out;
}
