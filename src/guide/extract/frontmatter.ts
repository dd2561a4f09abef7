/** YAML frontmatter through the `yaml` package, with the file line of every top-level key. */
import type { Yaml } from 'mdast';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

export class FrontmatterError extends Error {
  constructor(
    readonly line: number | null,
    message: string,
  ) {
    super(message);
  }
}

export interface Frontmatter {
  data: Record<string, unknown>;
  lines: Record<string, number>;
}

/** `node` is the mdast `yaml` node; its value starts on the line after the opening `---`. */
export function readFrontmatter(node: Yaml | undefined): Frontmatter {
  if (!node) return { data: {}, lines: {} };
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const counter = new LineCounter();
  const doc = parseDocument(node.value, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const at = counter.linePos(err.pos[0]);
    const reason = err.message.split('\n')[0] ?? 'invalid YAML';
    throw new FrontmatterError(firstLine + at.line - 1, `malformed frontmatter: ${reason.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return { data: {}, lines: {} };
  if (!isMap(contents)) throw new FrontmatterError(firstLine, 'malformed frontmatter: expected key: value pairs');
  const data = doc.toJS() as Record<string, unknown>;
  const lines: Record<string, number> = {};
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const range = isScalar(pair.key) ? pair.key.range : null;
    if (range) lines[key] = firstLine + counter.linePos(range[0]).line - 1;
  }
  return { data, lines };
}
