/**
 * A paragraph's phrasing content flattened into segments (text, strong, emphasis, inline code, legacy
 * `<kbd>` values, links), each with its place. Every extractor reads these instead of raw text, so markup,
 * markdown escapes (already resolved by the parser) and the legacy `<kbd>https://<em>x</em>/</kbd>` form
 * are handled once.
 */
import type { PhrasingContent } from 'mdast';

export type SegmentKind = 'text' | 'strong' | 'em' | 'code' | 'kbd' | 'link';

export interface Segment {
  kind: SegmentKind;
  /** The visible text, without markup. */
  text: string;
  line: number;
  column: number;
  /** Link target for `link` segments. */
  url?: string;
  /** A bare URL turned into a link by GFM (text equals target). */
  autolink?: boolean;
}

interface Positioned {
  position?: { start: { line: number; column: number } };
}

type AnyNode = PhrasingContent | { type: string; children?: unknown[]; value?: string; name?: string | null } & Positioned;

function startOf(node: Positioned, fallback: { line: number; column: number }): { line: number; column: number } {
  return node.position ? { line: node.position.start.line, column: node.position.start.column } : fallback;
}

/** Visible text of phrasing nodes (markup dropped, legacy inline HTML tags dropped, text directives restored). */
export function plainText(nodes: readonly unknown[]): string {
  let out = '';
  for (const raw of nodes) {
    const node = raw as AnyNode & { children?: unknown[]; value?: string; name?: string | null; alt?: string };
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        out += node.value ?? '';
        break;
      case 'html':
        // Inline HTML tags (<kbd>, <em>, <br/>) carry no visible text of their own.
        if (/^<br\s*\/?>$/i.test(node.value ?? '')) out += ' ';
        break;
      case 'break':
        out += '\n';
        break;
      case 'textDirective':
        // `10:30` or `host:8080` parse as text directives; they are ordinary text in a guide.
        out += ':' + (node.name ?? '') + plainText(node.children ?? []);
        break;
      case 'image':
      case 'footnoteReference':
        break;
      default:
        if (Array.isArray(node.children)) out += plainText(node.children);
        else if (typeof node.value === 'string' && node.type !== 'mdxTextExpression') out += node.value;
    }
  }
  return out;
}

/** Flattens phrasing content into segments. Adjacent text is merged; `<kbd>…</kbd>` becomes one `kbd` segment. */
export function segmentsOf(nodes: readonly unknown[]): Segment[] {
  const out: Segment[] = [];
  let kbd: Segment | null = null;
  const fallback = { line: 1, column: 1 };

  const push = (seg: Segment) => {
    if (kbd) {
      kbd.text += seg.text;
      return;
    }
    const last = out[out.length - 1];
    if (seg.kind === 'text' && last?.kind === 'text') last.text += seg.text;
    else out.push(seg);
  };

  const visit = (list: readonly unknown[]) => {
    for (const raw of list) {
      const node = raw as AnyNode & {
        children?: unknown[];
        value?: string;
        name?: string | null;
        url?: string;
      };
      const at = startOf(node as Positioned, fallback);
      switch (node.type) {
        case 'text':
          push({ kind: 'text', text: node.value ?? '', ...at });
          break;
        case 'inlineCode':
          push({ kind: 'code', text: node.value ?? '', ...at });
          break;
        case 'strong':
          push({ kind: 'strong', text: plainText(node.children ?? []), ...at });
          break;
        case 'emphasis':
          push({ kind: 'em', text: plainText(node.children ?? []), ...at });
          break;
        case 'link': {
          const text = plainText(node.children ?? []);
          const url = node.url ?? '';
          const autolink = text === url || 'mailto:' + text === url || 'http://' + text === url;
          push({ kind: 'link', text, url, autolink, ...at });
          break;
        }
        case 'html': {
          const tag = (node.value ?? '').trim().toLowerCase();
          if (tag === '<kbd>') {
            kbd = { kind: 'kbd', text: '', ...at };
          } else if (tag === '</kbd>' && kbd) {
            const done: Segment = kbd;
            kbd = null;
            done.text = done.text.trim();
            out.push(done);
          } else if (/^<br\s*\/?>$/.test(tag)) push({ kind: 'text', text: ' ', ...at });
          break;
        }
        case 'mdxJsxTextElement':
          if ((node.name ?? '').toLowerCase() === 'kbd') {
            push({ kind: 'kbd', text: plainText(node.children ?? []).trim(), ...at });
          } else visit(node.children ?? []);
          break;
        case 'break':
          push({ kind: 'text', text: '\n', ...at });
          break;
        case 'textDirective':
          push({ kind: 'text', text: plainText([node]), ...at });
          break;
        case 'image':
        case 'footnoteReference':
        case 'mdxTextExpression':
          break;
        default:
          if (Array.isArray(node.children)) visit(node.children);
          else if (typeof node.value === 'string') push({ kind: 'text', text: node.value, ...at });
      }
    }
  };
  visit(nodes);
  if (kbd) out.push(kbd as Segment); // unclosed <kbd>: keep what it held
  return out;
}

/** Concatenated visible text of segments, with code and kbd values wrapped in backticks for readability. */
export function segmentsText(segs: readonly Segment[], codeTicks = false): string {
  return segs.map((s) => (codeTicks && (s.kind === 'code' || s.kind === 'kbd') ? '`' + s.text + '`' : s.text)).join('');
}

/** Code-like segments: what a guide gives as a literal to paste. */
export function isLiteral(seg: Segment): boolean {
  return seg.kind === 'code' || seg.kind === 'kbd';
}

/**
 * Markdown escapes that survive inside inline code because Prettier wrote them there (`.\*`, `\_`):
 * the guide means the character itself.
 */
export function unescapeCode(text: string): string {
  return text.replace(/\\([*_])/g, '$1');
}

/** Drops a Docusaurus admonition fence line that remark-directive left as text (`:::info Title`, `:::`). */
export function stripAdmonitionFences(text: string): string {
  if (!text.includes(':::')) return text;
  return text
    .split('\n')
    .filter((l) => !/^\s*:{3,}[\w-]*(?:\s.*)?$/.test(l))
    .join('\n');
}
