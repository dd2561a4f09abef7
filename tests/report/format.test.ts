/** formatFindings: the five formats over the same findings, including run findings that carry evidence. */
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { report } from '../../src/findings.js';
import { escapeData, escapeProperty, formatFindings } from '../../src/report/format.js';

function files(): VFile[] {
  const guide = new VFile({ path: 'docs/integrations/portainer/index.md', value: '' });
  report(guide, { ruleId: 'tested-version', line: 14, column: 28, severity: 'warning', message: 'tested with authentik 2021.7.3', hint: 'Update it.' });
  report(guide, {
    ruleId: 'run-sign-in',
    line: 60,
    column: 17,
    message: 'Portainer answered "Unable to login via OAuth", 100% sure: a, b',
    hint: 'Check the redirect URL.',
    evidence: { screenshot: 'out/shot.png', 'app message': 'Unable to login <via> OAuth' },
  });
  report(guide, { ruleId: 'links-and-images', line: 65, column: 1, message: 'image `./port1.png` not found' });
  const clean = new VFile({ path: 'docs/integrations/grafana/index.md', value: '' });
  return [guide, clean];
}

describe('formatFindings', () => {
  it('json: a stable array with hint and evidence', () => {
    const json = JSON.parse(formatFindings(files(), 'json'));
    expect(json.map((f: { line: number }) => f.line)).toEqual([14, 60, 65]);
    expect(json[0]).toEqual({
      file: 'docs/integrations/portainer/index.md',
      line: 14,
      column: 28,
      ruleId: 'tested-version',
      severity: 'warning',
      message: 'tested with authentik 2021.7.3',
      hint: 'Update it.',
    });
    expect(json[1].evidence).toEqual({ screenshot: 'out/shot.png', 'app message': 'Unable to login <via> OAuth' });
    expect(json[2]).toMatchObject({ severity: 'error', hint: null });
    expect(formatFindings(files(), 'json')).toBe(formatFindings(files(), 'json'));
  });

  it('pretty: vfile-reporter lines with hints; colour only when asked', () => {
    const plain = formatFindings(files(), 'pretty', { title: 'docproof lint', header: ['authentik 2026.8.3'] });
    expect(plain).toMatch(/^docproof lint\nauthentik 2026\.8\.3\n/);
    expect(plain).toMatch(/14:28\s+warning\s+tested with authentik 2021\.7\.3\s+tested-version/);
    expect(plain).toContain('Update it.');
    expect(plain).toContain('docs/integrations/grafana/index.md: no issues found');
    expect(plain).not.toMatch(/\u001b\[/);
    expect(formatFindings(files(), 'pretty', { color: true })).toMatch(/\u001b\[/);
  });

  it('junit: one testsuite per guide, one failure per finding, with file and line', () => {
    const xml = formatFindings(files(), 'junit', { header: ['authentik 2026.8.3'] });
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="docproof" tests="4" failures="3" errors="0">/);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml).toContain('<testsuite name="docs/integrations/portainer/index.md" file="docs/integrations/portainer/index.md" tests="3" failures="3"');
    expect(xml).toContain('<testcase name="tested-version at line 14" classname="docs/integrations/portainer/index.md" file="docs/integrations/portainer/index.md" line="14">');
    expect(xml).toContain('<failure message="image `./port1.png` not found" type="error:links-and-images">');
    expect(xml).toContain('app message: Unable to login &lt;via&gt; OAuth'); // evidence, escaped
    expect(xml).toContain('<testcase name="no findings" classname="docs/integrations/grafana/index.md"');
    // Well-formed enough for a parser: every element opened is closed.
    expect(xml.match(/<testcase /g)!.length).toBe(xml.match(/<\/testcase>|<testcase [^>]*\/>/g)!.length);
  });

  it('github: workflow commands on the guide lines, escaped as GitHub requires', () => {
    const lines = formatFindings(files(), 'github').trim().split('\n');
    expect(lines[0]).toBe('::warning file=docs/integrations/portainer/index.md,line=14,col=28,title=tested-version::tested with authentik 2021.7.3%0AHint: Update it.');
    expect(lines[1]).toMatch(/^::error file=docs\/integrations\/portainer\/index\.md,line=60,col=17,title=run-sign-in::Portainer answered "Unable to login via OAuth", 100%25 sure: a, b%0AHint: Check the redirect URL\.%0Ascreenshot: out\/shot\.png%0A/);
    expect(lines).toHaveLength(3);
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(escapeData('a:b,c%\r\n')).toBe('a:b,c%25%0D%0A');
  });

  it('markdown: a summary line and a table, errors first, with evidence', () => {
    const md = formatFindings(files(), 'markdown', { title: 'docproof lint', header: ['authentik 2026.8.3'] });
    expect(md).toContain('## docproof lint\n\n- authentik 2026.8.3\n');
    expect(md).toContain('2 guides checked: 2 errors, 1 warning, 0 info, in 1 guide.');
    const rows = md.split('\n').filter((l) => l.startsWith('| ❌') || l.startsWith('| ⚠️'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('`docs/integrations/portainer/index.md:60:17`');
    expect(rows[0]).toContain('app message: Unable to login &lt;via> OAuth'); // no raw HTML tag in the summary
    expect(rows[2]).toContain('[tested-version](https://');
  });

  it('no findings at all', () => {
    const clean = [new VFile({ path: 'a/index.md', value: '' })];
    expect(JSON.parse(formatFindings(clean, 'json'))).toEqual([]);
    expect(formatFindings(clean, 'github')).toBe('');
    expect(formatFindings(clean, 'markdown')).toContain('1 guide checked: 0 errors, 0 warnings, 0 info, in 0 guides.');
  });
});
