/**
 * Guide file → Guide model. Parse with the unified stack (src/guide/parse.ts), read the frontmatter with
 * `yaml`, walk the tree once (src/guide/extract/walker.ts), then add what depends on the whole file
 * (implicit placeholders, the app slug from the path).
 */
import { readFileSync } from 'node:fs';
import type { Yaml } from 'mdast';
import { VFile } from 'vfile';
import { FrontmatterError, readFrontmatter } from './extract/frontmatter.js';
import { GuideWalker } from './extract/walker.js';
import { notAGuideByContent, notAGuideReason } from './classify.js';
import type { Guide, Placeholder } from './model.js';
import { formatOf, parseGuideText } from './parse.js';

export interface ExtractResult {
  guide: Guide;
  file: VFile;
}

/** Bad input: not a guide, malformed frontmatter, unreadable, binary, empty, missing. `message` is one line. */
export class GuideInputError extends Error {
  override name = 'GuideInputError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    message: string,
    /** Why the file is a markdown file but not a guide (a listing page, a partial, the template), else null. */
    readonly notAGuide: string | null = null,
  ) {
    super(message.split('\n')[0]);
  }

  /** "not a guide: <why>": a file that folders are expected to hold, which commands skip when a folder brought it. */
  static notAGuide(file: string, line: number, why: string): GuideInputError {
    return new GuideInputError(file, line, `not a guide: ${why}`, why);
  }

  /** `path:line: message`, the one line printed on stderr. */
  toLine(): string {
    return `${this.file}${this.line ? `:${this.line}` : ''}: ${this.message}`;
  }
}

export async function extractFile(path: string): Promise<ExtractResult> {
  return extractText(path, decode(path, readGuideFile(path)));
}

/**
 * Reads a guide file; an unreadable file is a GuideInputError. Synchronous on purpose: for a guide-sized file
 * that is about a tenth of the main-thread time of fs/promises' readFile, and a CLI run is one file after another.
 */
export function readGuideFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(err)})`;
    throw new GuideInputError(path, null, why);
  }
}

/** Decodes UTF-8 strictly; NUL bytes or invalid UTF-8 mean a binary file. */
export function decode(path: string, buf: Buffer): string {
  if (buf.includes(0)) throw new GuideInputError(path, null, 'binary file, not a markdown guide');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new GuideInputError(path, null, 'not valid UTF-8 text (binary file?), not a markdown guide');
  }
}

/** Slug of the application from the path: `<category>/<app>/index.md(x)` or legacy `services/<app>/index.md`. */
export function appSlugOf(path: string): string | null {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const base = parts[parts.length - 1] ?? '';
  if (!/^index\.mdx?$/i.test(base) || parts.length < 2) return null;
  return parts[parts.length - 2]!;
}

/** `<application_slug>`-style tokens inside values: placeholders a guide uses without declaring. */
const ANGLE_TOKEN = /<[A-Za-z][\w .-]*>/g;
const KNOWN: Record<string, string> = {
  slug: 'the application slug in authentik',
  'client id': 'the Client ID of the authentik provider',
  'client secret': 'the Client Secret of the authentik provider',
};

function describeToken(token: string): string {
  const t = token.slice(1, -1).toLowerCase().replace(/[_-]/g, ' ');
  if (/slug/.test(t)) return KNOWN.slug!;
  if (/client id/.test(t)) return KNOWN['client id']!;
  if (/client secret/.test(t)) return KNOWN['client secret']!;
  return '';
}

export function extractText(path: string, text: string): ExtractResult {
  const file = new VFile({ path, value: text });
  if (text.trim() === '') throw new GuideInputError(path, null, 'empty file, not a guide');
  if (text.includes('\u0000')) throw new GuideInputError(path, null, 'binary file, not a markdown guide');
  const format = formatOf(path);
  const parsed = parseGuideText(text, format);
  const yamlNode = parsed.tree.children.find((c): c is Yaml => c.type === 'yaml');
  let fm;
  try {
    fm = readFrontmatter(yamlNode);
  } catch (err) {
    if (err instanceof FrontmatterError) throw new GuideInputError(path, err.line, err.message);
    throw err;
  }
  const notGuide = notAGuideReason(path, fm.data, yamlNode !== undefined);
  if (notGuide) throw GuideInputError.notAGuide(path, yamlNode?.position?.start.line ?? 1, notGuide);

  const walked = new GuideWalker().walk(parsed.tree);
  const overview = notAGuideByContent(fm.data, walked.providers.length + walked.settings.length);
  if (overview) throw GuideInputError.notAGuide(path, yamlNode?.position?.start.line ?? 1, overview);

  const placeholders: Placeholder[] = [...walked.placeholders];
  const seen = new Set(placeholders.map((p) => p.token));
  const literals = [
    ...walked.settings.filter((s) => s.literal && s.value).map((s) => ({ text: s.value!, line: s.line, column: s.column })),
    ...walked.providers.flatMap((p) => p.redirectUris.map((u) => ({ text: u.url, line: u.line, column: u.column }))),
    ...walked.urls.map((u) => ({ text: u.url, line: u.line, column: u.column })),
    ...walked.referredLiterals,
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  for (const lit of literals) {
    for (const m of lit.text.matchAll(ANGLE_TOKEN)) {
      if (seen.has(m[0])) continue;
      seen.add(m[0]);
      placeholders.push({ token: m[0], line: lit.line, column: lit.column, description: describeToken(m[0]) });
    }
  }
  placeholders.sort((a, b) => a.line - b.line || a.column - b.column);

  let testedWith = walked.testedWith ?? { authentik: null, app: null, line: null };
  const fmVersion = fm.data.authentik_version;
  if (!walked.testedWith && (typeof fmVersion === 'string' || typeof fmVersion === 'number')) {
    testedWith = { authentik: String(fmVersion), app: null, line: fm.lines.authentik_version ?? null };
  }

  const guide: Guide = {
    file: path,
    format,
    appSlug: appSlugOf(path),
    frontmatter: fm.data,
    frontmatterLines: fm.lines,
    testedWith,
    placeholders,
    variables: walked.variables,
    providers: walked.providers,
    settings: walked.settings,
    configBlocks: walked.configBlocks,
    steps: walked.steps,
    headings: walked.headings,
    urls: walked.urls,
    resources: walked.resources,
    mdxFallback: parsed.mdxFallback,
    mdxError: parsed.mdxError,
  };
  return { guide, file };
}
