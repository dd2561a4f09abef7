/**
 * How closely a guide's words name an element of authentik's admin interface, judged as a careful reader would:
 * case, punctuation, articles and the generic "type" do not matter ("Choose a Provider type" is the page "Choose a
 * Provider", "Configure the Provider" is "Configure Provider"), and a name that shares most of its words with the
 * UI's is the same thing renamed a little ("OAuth2/OpenID Connect" for "OAuth2/OpenID Provider"). A name that shares
 * too little ("Create with Provider" for "New Application") is not there.
 */

/**
 * Words a reader skips when matching a label: articles, and the generic nouns of this interface ("Provider" in
 * every provider type's name, "type").
 */
const FILLER = new Set(['a', 'an', 'the', 'type', 'to', 'of', 'for', 'and', 'provider']);

export type WordMatch =
  | { kind: 'same'; ui: string }
  | { kind: 'close'; ui: string }
  | { kind: 'none'; nearest: string | null };

export function normalizeLabel(s: string): string {
  return s
    .toLowerCase()
    .replace(/[*`_"“”'’]/g, '')
    .replace(/\.{3}|…/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s.:;,!?]+$/, '')
    .trim();
}

function tokens(s: string): string[] {
  return normalizeLabel(s)
    .split(/[^a-z0-9]+/)
    .filter((t) => t && !FILLER.has(t));
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** 0..1: how much of the two names' words they share (typos count as shared when nearly equal). */
export function similarity(guide: string, ui: string): number {
  const g = tokens(guide);
  const u = tokens(ui);
  if (!g.length || !u.length) return normalizeLabel(guide) === normalizeLabel(ui) ? 1 : 0;
  const left = [...u];
  let shared = 0;
  for (const t of g) {
    const i = left.findIndex((x) => x === t || (t.length > 4 && levenshtein(t, x) <= 1));
    if (i >= 0) {
      shared++;
      left.splice(i, 1);
    }
  }
  return shared / Math.max(g.length, u.length);
}

/** Two thirds of the words in common: one word of three renamed, or an added "the"/"type" (which do not count). */
const CLOSE = 2 / 3;

/** The UI's element the guide's words name: the same, close enough to go on, or none (with the nearest, if any). */
export function matchLabel(guide: string, candidates: readonly string[]): WordMatch {
  const want = normalizeLabel(guide);
  const same = candidates.find((c) => normalizeLabel(c) === want);
  if (same !== undefined) return { kind: 'same', ui: same };
  let best: { ui: string; score: number } | null = null;
  for (const c of candidates) {
    const score = similarity(guide, c);
    if (!best || score > best.score) best = { ui: c, score };
  }
  if (best && best.score >= CLOSE) return { kind: 'close', ui: best.ui };
  return { kind: 'none', nearest: best && best.score > 0 ? best.ui : null };
}
