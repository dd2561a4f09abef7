/**
 * One entry point for every reporter, used by `docproof lint` and by the run engine alike: the findings are vfile
 * messages (src/findings.ts), each with place, rule id, severity, hint (`note`) and, from a run, `evidence`.
 *
 *   pretty    vfile-reporter, with hints; colours only when `color` is true (the caller decides: NO_COLOR, TTY)
 *   json      a stable array of {file, line, column, ruleId, severity, message, hint, evidence?}
 *   junit     one <testsuite> per guide, one <failure> per finding, with file and line
 *   github    workflow commands (::error file=…,line=…,col=…,title=…::message) that annotate the guide's lines
 *   markdown  a table for a CI job summary
 */
import path from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { reporter } from 'vfile-reporter';
import { countBySeverity, severityOf, type Severity } from '../findings.js';

export type ReportFormat = 'pretty' | 'json' | 'junit' | 'github' | 'markdown';
export const REPORT_FORMATS: readonly ReportFormat[] = ['pretty', 'json', 'junit', 'github', 'markdown'];

export interface ReportMeta {
  /** A heading for the report (markdown, junit's root name, pretty's first line). */
  title?: string;
  /** Lines printed before the findings: the versions pinned, what was mapped, … */
  header?: string[];
  /** ANSI colours in `pretty`; default false. */
  color?: boolean;
}

export interface Finding {
  file: string;
  line: number | null;
  column: number | null;
  ruleId: string | null;
  severity: Severity;
  message: string;
  hint: string | null;
  url?: string;
  evidence?: Record<string, string>;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The path shown for a file: relative to the working folder when it lies below it, with forward slashes. */
export function displayPath(file: VFile): string {
  const p = file.path ?? '<stdin>';
  const rel = path.isAbsolute(p) ? path.relative(process.cwd(), p) : p;
  const shown = rel.startsWith('..') || rel === '' ? p : rel;
  return shown.split(path.sep).join('/');
}

export function toFinding(file: VFile, msg: VFileMessage): Finding {
  const evidence = (msg as VFileMessage & { evidence?: Record<string, string> }).evidence;
  return {
    file: displayPath(file),
    line: msg.line ?? null,
    column: msg.column ?? null,
    ruleId: msg.ruleId ?? null,
    severity: severityOf(msg),
    message: msg.reason,
    hint: msg.note ?? null,
    ...(msg.url ? { url: msg.url } : {}),
    ...(evidence && Object.keys(evidence).length ? { evidence } : {}),
  };
}

/** Every finding of every file, in a stable order: file, line, column, rule, message. */
export function findingsOf(files: VFile[]): Finding[] {
  return files
    .flatMap((f) => f.messages.map((m) => toFinding(f, m)))
    .sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0) ||
        String(a.ruleId).localeCompare(String(b.ruleId)) ||
        a.message.localeCompare(b.message),
    );
}

export function formatFindings(files: VFile[], format: ReportFormat, meta: ReportMeta = {}): string {
  switch (format) {
    case 'pretty':
      return pretty(files, meta);
    case 'json':
      return JSON.stringify(findingsJson(files), null, 2) + '\n';
    case 'junit':
      return junit(files, meta);
    case 'github':
      return github(files);
    case 'markdown':
      return markdown(files, meta);
    default:
      throw new Error(`unknown report format "${String(format)}"`);
  }
}

/** The findings as `--format json` prints them, for outputs that embed them in a larger object. */
export function findingsJson(files: VFile[]) {
  return findingsOf(files).map(jsonShape);
}

function jsonShape(f: Finding) {
  return {
    file: f.file,
    line: f.line,
    column: f.column,
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    hint: f.hint,
    ...(f.evidence ? { evidence: f.evidence } : {}),
  };
}

function pretty(files: VFile[], meta: ReportMeta): string {
  const head = [meta.title, ...(meta.header ?? [])].filter((l): l is string => Boolean(l));
  // vfile-reporter prints `file.path`; show the same relative paths as the other formats without touching the caller's files.
  const shown = files.map((f) => {
    const copy = Object.create(f) as VFile;
    Object.defineProperty(copy, 'path', { value: displayPath(f) });
    Object.defineProperty(copy, 'history', { value: [displayPath(f)] });
    // A run's evidence (the application's own message, where the browser ended up) goes under the hint.
    const messages = f.messages.map((m) => {
      const evidence = (m as VFileMessage & { evidence?: Record<string, string> }).evidence;
      if (!evidence || Object.keys(evidence).length === 0) return m;
      const withEvidence = Object.create(m) as VFileMessage;
      const lines = Object.entries(evidence).map(([k, v]) => `${k}: ${v}`);
      withEvidence.note = [m.note, ...lines].filter(Boolean).join('\n');
      return withEvidence;
    });
    Object.defineProperty(copy, 'messages', { value: messages });
    return copy;
  });
  const body = files.length ? reporter(shown, { color: meta.color ?? false, verbose: true }) : 'no guides';
  return (head.length ? head.join('\n') + '\n\n' : '') + body + '\n';
}

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 does not allow at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function place(f: Finding): string {
  return `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}`;
}

function detail(f: Finding): string {
  const lines = [`${place(f)}: ${f.severity} ${f.message}${f.ruleId ? ` (${f.ruleId})` : ''}`];
  if (f.hint) lines.push(`hint: ${f.hint}`);
  for (const [k, v] of Object.entries(f.evidence ?? {})) lines.push(`${k}: ${v}`);
  if (f.url) lines.push(`docs: ${f.url}`);
  return lines.join('\n');
}

function junit(files: VFile[], meta: ReportMeta): string {
  const all = findingsOf(files);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${xml(meta.title ?? 'docproof')}" tests="${all.length + files.filter((f) => f.messages.length === 0).length}" failures="${all.length}" errors="0">`);
  const byFile = [...files].sort((a, b) => displayPath(a).localeCompare(displayPath(b)));
  for (const file of byFile) {
    const name = displayPath(file);
    const findings = all.filter((f) => f.file === name);
    out.push(`  <testsuite name="${xml(name)}" file="${xml(name)}" tests="${findings.length || 1}" failures="${findings.length}" errors="0" skipped="0">`);
    if (meta.header?.length && file === byFile[0]) {
      out.push(`    <properties>${meta.header.map((h, i) => `<property name="header.${i + 1}" value="${xml(h)}"/>`).join('')}</properties>`);
    }
    if (findings.length === 0) out.push(`    <testcase name="no findings" classname="${xml(name)}" file="${xml(name)}"/>`);
    for (const f of findings) {
      const caseName = `${f.ruleId ?? 'finding'}${f.line ? ` at line ${f.line}` : ''}`;
      out.push(
        `    <testcase name="${xml(caseName)}" classname="${xml(name)}" file="${xml(name)}"${f.line ? ` line="${f.line}"` : ''}>`,
        `      <failure message="${xml(f.message)}" type="${xml(`${f.severity}:${f.ruleId ?? 'finding'}`)}">${xml(detail(f))}</failure>`,
        '    </testcase>',
      );
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** GitHub's escaping for workflow commands: data escapes %, CR, LF; properties also `:` and `,`. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function github(files: VFile[]): string {
  const command: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
  return findingsOf(files)
    .map((f) => {
      const props = [`file=${escapeProperty(f.file)}`];
      if (f.line) props.push(`line=${f.line}`);
      if (f.line && f.column) props.push(`col=${f.column}`);
      if (f.ruleId) props.push(`title=${escapeProperty(f.ruleId)}`);
      const text = [f.message, ...(f.hint ? [`Hint: ${f.hint}`] : []), ...Object.entries(f.evidence ?? {}).map(([k, v]) => `${k}: ${v}`)].join('\n');
      return `::${command[f.severity]} ${props.join(',')}::${escapeData(text)}\n`;
    })
    .join('');
}

/** Text made safe for a markdown table cell. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>');
}

function markdown(files: VFile[], meta: ReportMeta): string {
  const all = findingsOf(files);
  const counts = countBySeverity(files);
  const withFindings = new Set(all.map((f) => f.file)).size;
  const out: string[] = [`## ${meta.title ?? 'docproof'}`, ''];
  for (const h of meta.header ?? []) out.push(`- ${cell(h)}`);
  if (meta.header?.length) out.push('');
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  out.push(
    `${plural(files.length, 'guide')} checked: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info, in ${plural(withFindings, 'guide')}.`,
    '',
  );
  if (all.length === 0) return out.join('\n') + '\n';
  const evidence = all.some((f) => f.evidence);
  const icon: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };
  out.push(`| Severity | Where | Rule | Finding |${evidence ? ' Evidence |' : ''}`, `|---|---|---|---|${evidence ? '---|' : ''}`);
  const sorted = [...all].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  for (const f of sorted) {
    const rule = f.ruleId ? (f.url ? `[${cell(f.ruleId)}](${f.url})` : cell(f.ruleId)) : '';
    const text = cell(f.message) + (f.hint ? `<br>_${cell(f.hint)}_` : '');
    const ev = evidence ? ` ${cell(Object.entries(f.evidence ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n'))} |` : '';
    out.push(`| ${icon[f.severity]} | \`${cell(place(f))}\` | ${rule} | ${text} |${ev}`);
  }
  return out.join('\n') + '\n';
}
