/**
 * The corpus health report as ONE self-contained HTML file: inline CSS and JS, no external requests, readable
 * from disk (file://) without a server. The guides table sorts by any column (click its header) and filters by a
 * text box (every word must appear in the row).
 */
import type { Severity } from '../findings.js';
import type { HealthReport } from './health.js';
import { NOT_RUNNABLE_LABEL, type Runnable } from './runnable.js';

/** The Runnable cell: the driver and how it takes the guide, or "no" with the reason. */
function runnableCell(r: Runnable): string {
  if (r.runnable) return `<td data-sort="1 ${e(r.driver)}">${e(r.driver)} <span class="muted">(${r.takes === 'configuration' ? 'configuration' : 'UI steps'})</span></td>`;
  return `<td data-sort="0 ${e(r.kind)}"><span class="muted">no</span>: ${e(r.reason)}${r.line ? ` <span class="muted">(line ${r.line})</span>` : ''}</td>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const e = escapeHtml;

const CSS = `
:root { color-scheme: light dark; --bad: #c62828; --warn: #b26a00; --muted: #666; --line: #ccc; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; max-width: 110rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: var(--bad); font-weight: 600; } .warning { color: var(--warn); } .muted { color: var(--muted); }
code { font-size: 12px; } details summary { cursor: pointer; } ul.findings { margin: .3rem 0; padding-left: 1.2rem; }
#filter { font: inherit; padding: .3rem .5rem; width: 24rem; max-width: 100%; margin: .5rem 1rem .5rem 0; }
`;

const SCRIPT = `
(() => {
  const table = document.getElementById('guides');
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const filter = document.getElementById('filter');
  const count = document.getElementById('count');
  const update = () => {
    const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase();
      const match = words.every((w) => text.includes(w));
      row.hidden = !match;
      if (match) shown++;
    }
    count.textContent = 'Showing ' + shown + ' of ' + rows.length + ' guides';
  };
  filter.addEventListener('input', update);
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((th, index) => {
    const button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      headers.forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const numeric = th.dataset.type === 'number';
      const key = (row) => {
        const cell = row.cells[index];
        const v = cell.dataset.sort ?? cell.textContent.trim();
        return numeric ? Number(v) : v.toLowerCase();
      };
      const sorted = rows.slice().sort((a, b) => {
        const x = key(a), y = key(b);
        const c = numeric ? x - y : x < y ? -1 : x > y ? 1 : 0;
        return ascending ? c : -c;
      });
      for (const row of sorted) body.appendChild(row);
    });
  });
  update();
})();
`;

function severityClass(s: Severity): string {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'muted';
}

export function renderHealthHtml(r: HealthReport, limit = 20): string {
  const s = r.summary;
  const rows = r.guides.map((g) => {
    const rules = Object.entries(g.byRule)
      .map(([rule, n]) => `${e(rule)} ${n}`)
      .join(', ');
    const list = g.findings
      .map(
        (f) =>
          `<li><span class="${severityClass(f.severity)}">${f.severity}</span> ${f.line ? `${f.line}:${f.column ?? 1}` : ''} <code>${e(f.ruleId ?? '')}</code> ${e(f.message)}</li>`,
      )
      .join('');
    const findings = g.findings.length
      ? `${rules}<details><summary>${g.findings.length} finding${g.findings.length === 1 ? '' : 's'}</summary><ul class="findings">${list}</ul></details>`
      : '<span class="muted">none</span>';
    const behind = g.age ? g.age.releasesBehind : -1;
    return `<tr data-file="${e(g.file)}">
<td data-sort="${e(g.file)}"><code>${e(g.file)}</code><br><span class="muted">${e(g.title)}</span></td>
<td>${e(g.providerTypes.join(', ') || '–')}</td>
<td data-sort="${e(g.testedWith ?? '')}">${g.testedWith ? e(g.testedWith) : '<span class="muted">not stated</span>'}</td>
<td class="num" data-sort="${behind}">${g.age ? e(g.ageText ?? '') : '<span class="muted">–</span>'}</td>
<td class="num${g.counts.error ? ' error' : ''}" data-sort="${g.counts.error}">${g.counts.error}</td>
<td class="num${g.counts.warning ? ' warning' : ''}" data-sort="${g.counts.warning}">${g.counts.warning}</td>
<td class="num" data-sort="${g.counts.info}">${g.counts.info}</td>
<td data-sort="${g.findings.length}">${findings}</td>
${runnableCell(g.runnable)}
</tr>`;
  });
  const problems = s.problems
    .slice(0, limit)
    .map((p) => `<tr><td><code>${e(p.ruleId)}</code></td><td>${e(p.problem)}</td><td class="num">${p.guides}</td><td class="num">${p.findings}</td></tr>`)
    .join('\n');
  const outdated = r.outdated
    .map((o) => `<tr><td><code>${e(o.file)}</code></td><td>${e(o.testedWith)}</td><td>${e(o.ageText)}</td></tr>`)
    .join('\n');
  const th = (label: string, type: 'text' | 'number' = 'text') =>
    `<th scope="col"${type === 'number' ? ' class="num" data-type="number"' : ''}><button type="button">${label}</button></th>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>docproof corpus report</title>
<style>${CSS}</style>
</head>
<body>
<h1>docproof corpus report</h1>
<p>Folder <code>${e(r.dir)}</code> · authentik ${e(r.pinned.authentik)} (pinned ${e(r.pinned.pinnedOn)})</p>
<p>${s.guides} guides: <span class="error">${s.withErrors} with errors</span>, <span class="warning">${s.withWarnings} with warnings</span>;
${s.counts.error} errors, ${s.counts.warning} warnings, ${s.counts.info} info. ${s.statingVersion} guides state the authentik version they were tested with; ${r.notStated} do not.</p>
<p>${s.runnable.runnable} of ${s.guides} guides docproof can run end to end.</p>

<h2 id="runnable-heading">Runnable end to end</h2>
<table aria-labelledby="runnable-heading"><thead><tr><th>Driver or reason</th><th class="num">Guides</th></tr></thead>
<tbody>
${[
  ...s.runnable.byDriver.map((d) => `<tr><td>${e(d.driver)} <span class="muted">(${d.takes === 'configuration' ? 'configuration' : 'UI steps'})</span></td><td class="num">${d.guides}</td></tr>`),
  ...s.runnable.notRunnable.map((n) => `<tr><td>not runnable: ${e(NOT_RUNNABLE_LABEL[n.kind])}</td><td class="num">${n.guides}</td></tr>`),
].join('\n')}
</tbody></table>

<h2 id="problems-heading">Most common problems</h2>
<table aria-labelledby="problems-heading"><thead><tr><th>Rule</th><th>Problem</th><th class="num">Guides</th><th class="num">Findings</th></tr></thead>
<tbody>
${problems}
</tbody></table>

<h2 id="outdated-heading">Most outdated guides</h2>
<table aria-labelledby="outdated-heading"><thead><tr><th>Guide</th><th>Tested with</th><th>Behind ${e(r.pinned.authentik)}</th></tr></thead>
<tbody>
${outdated}
</tbody></table>
<p class="muted">${r.notStated} guides state no version.</p>

<h2 id="guides-heading">Guides</h2>
<label for="filter">Filter</label> <input id="filter" type="search" placeholder="Filter guides: name, rule, provider…" autocomplete="off">
<span id="count" aria-live="polite"></span>
<table id="guides" aria-labelledby="guides-heading">
<thead><tr>${th('Guide')}${th('Providers')}${th('Tested with')}${th('Releases behind', 'number')}${th('Errors', 'number')}${th('Warnings', 'number')}${th('Info', 'number')}${th('Findings', 'number')}${th('Runnable end to end')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${r.skipped.length ? `<h2>Skipped (not guides)</h2><ul>${r.skipped.map((l) => `<li>${e(l)}</li>`).join('')}</ul>` : ''}
${r.unreadable.length ? `<h2>Could not be read</h2><ul>${r.unreadable.map((l) => `<li>${e(l)}</li>`).join('')}</ul>` : ''}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
