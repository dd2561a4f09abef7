/**
 * Changed files → the guides they touch: a guide file that changed, or a guide that imports, shows or links a changed
 * file, directly or through the partials it imports.
 */
import path from 'node:path';
import { driverOfGuide } from '../apps/index.js';
import { extractFile, GuideInputError } from '../guide/extract.js';
import { findGuides } from '../guide/find.js';
import { guideReferences, isMarkdown, partialReferences, type Reference, type ReferenceKind } from './references.js';

export interface Reason {
  /** `guide`: the guide file itself changed. */
  kind: 'guide' | ReferenceKind;
  /** The changed file (absolute). */
  file: string;
  /** Line of the guide that holds the reference (null for `guide`). */
  line: number | null;
  /** The partials between the guide and the changed file, outermost first (absolute). */
  via: string[];
}

export interface TouchedGuide {
  file: string;
  appSlug: string | null;
  /** The application driver that can run the guide end to end, or null (lint only). */
  driver: string | null;
  reasons: Reason[];
}

export interface AffectedResult {
  guides: TouchedGuide[];
  /** Guides that could not be read, as `path: reason` lines (their references are unknown). */
  unreadable: string[];
}

const GUIDE_FILE = /^index\.mdx?$/i;

/** Follows references through partials; calls `hit` for each changed target. Each partial is read once per guide. */
function walk(
  refs: Reference[],
  changed: Set<string>,
  via: string[],
  seen: Set<string>,
  cache: Map<string, Reference[]>,
  hit: (ref: Reference, file: string, via: string[]) => void,
): void {
  for (const ref of refs) {
    const changedTarget = ref.candidates.find((c) => changed.has(c));
    if (changedTarget) hit(ref, changedTarget, via);
    const existing = ref.candidates.find((c) => isMarkdown(c));
    if (ref.kind === 'import' && existing && !seen.has(existing)) {
      seen.add(existing);
      let inner = cache.get(existing);
      if (!inner) {
        inner = partialReferences(existing);
        cache.set(existing, inner);
      }
      walk(inner, changed, [...via, existing], seen, cache, hit);
    }
  }
}

export async function affectedGuides(root: string, changedFiles: string[]): Promise<AffectedResult> {
  const absRoot = path.resolve(root);
  const changed = new Set(changedFiles.map((f) => path.resolve(f)));
  const guides = (await findGuides([absRoot])).map((g) => path.resolve(g));
  // Nothing but guide files changed: no need to read every guide's references.
  const onlyGuides = [...changed].every((f) => GUIDE_FILE.test(path.basename(f)));
  const out: TouchedGuide[] = [];
  const unreadable: string[] = [];
  const cache = new Map<string, Reference[]>();
  for (const file of guides) {
    const reasons: Reason[] = [];
    if (changed.has(file)) reasons.push({ kind: 'guide', file, line: null, via: [] });
    let appSlug: string | null = null;
    let driver: string | null = null;
    if (!onlyGuides || reasons.length) {
      try {
        const { guide } = await extractFile(file);
        appSlug = guide.appSlug;
        driver = driverOfGuide(guide)?.name ?? null;
        if (!onlyGuides) {
          walk(guideReferences(file, guide.resources), changed, [], new Set([file]), cache, (ref, target, via) => {
            if (!reasons.some((r) => r.file === target && r.kind === ref.kind && r.via.join() === via.join())) {
              reasons.push({ kind: ref.kind, file: target, line: via.length ? null : ref.line, via });
            }
          });
        }
      } catch (err) {
        if (!(err instanceof GuideInputError)) throw err;
        unreadable.push(err.toLine());
      }
    }
    if (!reasons.length) continue;
    out.push({ file, appSlug, driver, reasons });
  }
  return { guides: out, unreadable };
}

/** Every guide under `root`, with its driver: what a scheduled run of the whole tree works through. */
export async function allGuides(root: string): Promise<AffectedResult> {
  const out: TouchedGuide[] = [];
  const unreadable: string[] = [];
  for (const file of (await findGuides([path.resolve(root)])).map((g) => path.resolve(g))) {
    try {
      const { guide } = await extractFile(file);
      out.push({ file, appSlug: guide.appSlug, driver: driverOfGuide(guide)?.name ?? null, reasons: [] });
    } catch (err) {
      if (!(err instanceof GuideInputError)) throw err;
      unreadable.push(err.toLine());
    }
  }
  return { guides: out, unreadable };
}
