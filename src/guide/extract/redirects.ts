/**
 * Redirect URIs in every wording of the corpus:
 *   "Set a `Strict` redirect URI to `https://…`", "Add two `Strict` redirect URIs and set them to `a` and `b`",
 *   "Add two `Strict` redirect URIs:" + nested bullets, "- **Redirect URIs**:" + "- Strict: `…`" / "- Regex: `…`",
 *   "Add a `Regex` redirect: `…`", "Set the **Redirect URIs/Origins** to `Strict` / `…`",
 *   2026.5: "Add a **Redirect URI** of type `Strict` `Authorization` with the value `…`", "… `Post Logout` as `…`",
 *   and list entries "- `Strict` `Authorization` `https://…`".
 */
import type { RedirectUri } from '../model.js';
import { isLiteral, segmentsText, unescapeCode, type Segment } from './inline.js';

export type MatchingMode = RedirectUri['matchingMode'];
export type UriKind = RedirectUri['kind'];

/** The mode and kind a parent bullet announces for the URIs listed below it. */
export interface RedirectScope {
  mode: MatchingMode;
  kind: UriKind;
}

const MODE_WORDS: Record<string, MatchingMode> = { strict: 'strict', regex: 'regex' };
const KIND_WORDS: Record<string, UriKind> = { authorization: 'authorization', 'post logout': 'post-logout', 'post-logout': 'post-logout' };

/** A value that can be a redirect target: a URL with a scheme (also custom schemes like `oc://`), or a regex. */
export function looksLikeUri(text: string): boolean {
  const t = text.trim();
  if (!t || /\s/.test(t)) return false;
  if (/^\^/.test(t)) return true;
  if (/^[a-z][\w+.-]*:\/{0,3}[^\s/]/i.test(t) && !/^[a-z][\w.-]*:$/i.test(t)) {
    // `key:value`-like tokens are not URIs: require `//` or a path after the scheme, or a known scheme.
    return /^[a-z][\w+.-]*:\/\//i.test(t) || /^[a-z][\w+.-]*:\/[^/]/i.test(t);
  }
  return /^https?:/i.test(t) || /\.company\b/.test(t);
}

/** "redirect" in a sense that configures authentik (not "take note of the Redirect URI shown by the app"). */
export function mentionsRedirect(text: string): boolean {
  return /redirect/i.test(text);
}

export function isNoteOnly(text: string): boolean {
  return /\b(take note|note (of )?the|copy the|copy|record the|save the)\b[^.]*redirect/i.test(text);
}

function tokenMode(seg: Segment): MatchingMode | null {
  if (seg.kind === 'text') return null;
  return MODE_WORDS[seg.text.trim().toLowerCase()] ?? null;
}

function tokenKind(seg: Segment): UriKind | null {
  if (seg.kind === 'text') return null;
  return KIND_WORDS[seg.text.trim().toLowerCase()] ?? null;
}

/** A plain-text lead "Strict:" / "Regex:" / "Strict /" before the URL. */
function textMode(text: string): MatchingMode | null {
  const m = /\b(strict|regex)\b\s*[:/]?\s*$/i.exec(text);
  return m ? MODE_WORDS[m[1]!.toLowerCase()]! : null;
}

export interface FoundUri {
  matchingMode: MatchingMode;
  kind: UriKind;
  url: string;
  line: number;
  column: number;
  /** The variable the URI was written as (see variables.ts). */
  variable?: string;
}

export interface UriScan {
  uris: FoundUri[];
  /** The last mode/kind named, to pass to nested bullets when this bullet lists none itself. */
  scope: RedirectScope;
  /** A mode or kind token was present. */
  namedScope: boolean;
}

/**
 * Reads URIs from one bullet or paragraph. `inherited` is the mode/kind a parent bullet announced.
 * Only literal values (inline code, legacy kbd, bare autolinks) are taken as URIs.
 */
export function scanUris(segs: readonly Segment[], inherited: RedirectScope): UriScan {
  let mode = inherited.mode;
  let kind = inherited.kind;
  let namedScope = false;
  const uris: FoundUri[] = [];
  for (const seg of segs) {
    const m = tokenMode(seg);
    if (m) {
      mode = m;
      namedScope = true;
      continue;
    }
    const k = tokenKind(seg);
    if (k) {
      kind = k;
      namedScope = true;
      continue;
    }
    if (seg.kind === 'text') {
      const tm = textMode(seg.text);
      if (tm) {
        mode = tm;
        namedScope = true;
      }
      if (/post[\s-]logout/i.test(seg.text)) kind = 'post-logout';
      continue;
    }
    const literal = isLiteral(seg) || (seg.kind === 'link' && seg.autolink === true);
    if (!literal) continue;
    const url = unescapeCode(seg.text.trim());
    if (!looksLikeUri(url)) continue;
    uris.push({ matchingMode: mode, kind, url, line: seg.line, column: seg.column });
  }
  return { uris, scope: { mode, kind }, namedScope };
}

/** A bullet that announces redirect URIs (as a label or a sentence) and is about authentik's side. */
export function announcesRedirect(segs: readonly Segment[]): boolean {
  // Words only: "redirect" inside a URL value (`…/sso/binding/redirect/`) announces nothing.
  const words = segs.map((s) => (isLiteral(s) ? (MODE_WORDS[s.text.trim().toLowerCase()] ? s.text : ' ') : s.kind === 'link' ? s.text.replace(/\S*:\/\/\S*/g, ' ') : s.text)).join('');
  if (!mentionsRedirect(words) || isNoteOnly(words)) return false;
  return /redirect\s*(uri|url)s?\b|\bredirect\s*:|\b(strict|regex)\s+redirect/i.test(words);
}

/** The mode a label names: "**Redirect URIs/Origins (RegEx):**". */
export function modeInLabel(label: string): MatchingMode {
  return /\bregex\b/i.test(label) ? 'regex' : 'strict';
}
