/** A readable listing of a Guide model for `docproof extract --format pretty`. */
import { keyPathText } from './extract/config-blocks.js';
import type { Guide } from './model.js';

const val = (v: string | null, ref: string | null) => (v !== null ? JSON.stringify(v) : `← ${ref ?? 'unspecified'}`);

export function formatGuide(g: Guide): string {
  const out: string[] = [];
  const title = typeof g.frontmatter.title === 'string' ? g.frontmatter.title : '(no title)';
  out.push(`${g.file}  ${title}  [${g.format}${g.appSlug ? `, slug ${g.appSlug}` : ''}${g.mdxFallback ? ', read as markdown: MDX did not parse' : ''}]`);
  const tw = g.testedWith;
  out.push(`  tested with: ${tw.authentik || tw.app ? `authentik ${tw.authentik ?? '?'}, app ${tw.app ?? '?'} (line ${tw.line})` : 'not stated'}`);
  if (g.placeholders.length) {
    out.push('  placeholders:');
    for (const p of g.placeholders) out.push(`    ${String(p.line).padStart(4)}  ${p.token}${p.description ? `  (${p.description})` : ''}`);
  }
  if (g.variables.length) {
    out.push('  variables:');
    for (const v of g.variables) out.push(`    ${String(v.line).padStart(4)}  ${v.name} = ${JSON.stringify(v.value)}${v.description ? `  (${v.description})` : ''}`);
  }
  const from = (variable: string | undefined) => (variable ? `  (from ${variable})` : '');
  for (const p of g.providers) {
    out.push(`  provider ${p.type}${p.label ? ` "${p.label}"` : ' (implied)'}  line ${p.line}  [${p.section}]`);
    for (const u of p.redirectUris) out.push(`    ${String(u.line).padStart(4)}  redirect ${u.matchingMode} ${u.kind} ${u.url}${from(u.variable)}`);
  }
  if (g.settings.length) {
    out.push('  settings:');
    for (const s of g.settings) {
      const alt = s.alternatives.length ? `  (or ${s.alternatives.join(', ')})` : '';
      const flags = [s.side, s.optional ? 'optional' : ''].filter(Boolean).join(', ');
      const key = s.keyPath && s.keyPath.length > 1 ? keyPathText(s.keyPath) : s.key;
      out.push(`    ${String(s.line).padStart(4)}  ${key} = ${val(s.value, s.ref)}${from(s.variable)}${alt}   [${flags}; ${s.section}]`);
    }
  }
  if (g.configBlocks?.length) {
    out.push('  configuration blocks:');
    for (const b of g.configBlocks) {
      const what = b.form === 'env' ? `environment variables${b.envPrefix ? ` (prefix ${b.envPrefix})` : ''}` : `file ${b.file ?? '(not named)'}`;
      const alt = b.alternatives.length ? `, alternative of line ${b.alternatives.join(', ')}` : '';
      const restart = b.restartLine ? `, restart at line ${b.restartLine}` : '';
      out.push(`    ${String(b.line).padStart(4)}  ${b.lang ?? 'code'}: ${what}${alt}${restart}${b.optional ? ', a variation (not performed)' : ''}   [${b.section}]`);
    }
  }
  if (g.steps.length) {
    out.push('  steps:');
    for (const s of g.steps) {
      const parts: string[] = [];
      if (s.signIn) parts.push('sign in as the admin');
      if (s.creates) parts.push(`create the ${s.creates}`);
      if (s.page) parts.push(`page ${JSON.stringify(s.page)}`);
      if (s.path.length) parts.push(`go to ${s.path.join(' > ')}`);
      if (s.choose.length) parts.push(`choose ${s.choose.map((c, i) => (s.under[i] ? `${c} (under ${s.under[i]})` : c)).join(', ')}`);
      for (const t of s.toggles) parts.push(`turn ${t.on ? 'on' : 'off'} ${t.label}`);
      if (s.click.length) parts.push(`click ${s.click.join(', ')}`);
      for (const r of s.reader ?? []) parts.push(`${r.field} left to the reader (${JSON.stringify(r.said)})`);
      if (s.note?.length) parts.push(`note ${s.note.join(', ')}`);
      out.push(`    ${String(s.line).padStart(4)}  ${parts.join('; ')}   [${s.side}${s.optional ? ', optional' : ''}; ${s.section}]`);
    }
  }
  return out.join('\n') + '\n';
}
