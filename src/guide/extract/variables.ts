/**
 * Tables of variables: a guide that defines its values once, in a table with a column of names and a column of
 * values, and then writes the name wherever the value belongs. SharePoint SE's Preparation has
 * "| authentik OIDC Redirect URIs | `auth.providerRedirectURI` | https://sharepoint.company/.\* |" and later
 * "**Redirect URIs / Origins**: `auth.providerRedirectURI`". The rows are variables, not settings; a setting or
 * redirect URI written as a variable's name gets the variable's value (and keeps the name in `variable`).
 */
import type { Setting, Variable } from '../model.js';
import { isLiteral, type Segment } from './inline.js';

/** The header of the column of names: "Placeholder", "Variable", "Variable name". */
const NAME_HEADER = /^(placeholder|variable)s?( name)?$/;
/** The header of the column of values: "Value", "Sample value", "Example". */
const VALUE_HEADER = /\b(value|example)s?\b/;

export interface VariableColumns {
  name: number;
  value: number;
  /** The column that says what each variable stands for (the first other column), or null. */
  description: number | null;
}

/** The columns of a table of variables (headers lower-cased), or null when the table is not one. */
export function variableColumns(headers: readonly string[]): VariableColumns | null {
  const name = headers.findIndex((h) => NAME_HEADER.test(h.trim()));
  const value = headers.findIndex((h, i) => i !== name && VALUE_HEADER.test(h));
  if (name < 0 || value < 0) return null;
  const description = headers.findIndex((_, i) => i !== name && i !== value);
  return { name, value, description: description < 0 ? null : description };
}

/**
 * The text a reader sees in a cell: the parser has resolved markdown escapes in text, but a GFM autolink keeps the
 * backslash of `https://sharepoint.company/.\*` (the link ends before the `*`), so the escape is resolved here.
 */
export function cellText(segs: readonly Segment[]): string {
  return segs
    .map((s) => s.text)
    .join('')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A redirect URI written as a regular expression: `.*`, `.+`, `\d`, anchors, character classes, alternation. */
export function looksLikeRegex(value: string): boolean {
  return /\.[*+]|\\[dDwWsS.]|^\^|\$$|\[[^\]]*\]|\([^)]*\|/.test(value);
}

export type VariableIndex = ReadonlyMap<string, Variable>;

/** The variable a literal segment names, or null. */
export function variableOf(seg: Segment, vars: VariableIndex): Variable | null {
  if (vars.size === 0 || !isLiteral(seg)) return null;
  return vars.get(seg.text.trim()) ?? null;
}

/** The segments with each literal that names a variable replaced by its value, in place; and which were replaced. */
export function resolveSegments(segs: readonly Segment[], vars: VariableIndex): { segs: Segment[]; resolved: Map<Segment, Variable> } {
  const resolved = new Map<Segment, Variable>();
  const out = segs.map((seg) => {
    const v = variableOf(seg, vars);
    if (!v) return seg;
    const replaced: Segment = { ...seg, kind: 'code', text: v.value };
    resolved.set(replaced, v);
    return replaced;
  });
  return { segs: out, resolved };
}

/** A literal setting whose whole value is a variable's name takes the variable's value. */
export function resolveSetting(setting: Setting, vars: VariableIndex): void {
  if (!setting.literal || setting.value === null || vars.size === 0) return;
  const v = vars.get(setting.value.trim().replace(/^["']|["']$/g, ''));
  if (!v) return;
  setting.value = v.value;
  setting.variable = v.name;
}
