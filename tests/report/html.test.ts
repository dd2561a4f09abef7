/**
 * `docproof report <corpus>/authentik-integrations --format html`, opened from disk in headless Chromium: what a
 * maintainer sees (the table, Portainer's row), that the filter hides other rows and that sorting reorders them,
 * and that the page makes no request besides its own file.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_LOCALE, launchOptions } from '../../src/browser.js';
import { run } from '../../src/commands/report.js';
import { corpusDir } from '../../src/guide/corpus.js';
import { corpusSuite } from '../support/corpus.js';

const corpus = corpusDir();

describe.skipIf(!corpus)(corpusSuite('docproof report --format html', corpus), () => {
  let dir: string;
  let file: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docproof-report-'));
    file = path.join(dir, 'report.html');
    let err = '';
    const code = await run([path.join(corpus!, 'authentik-integrations')], { format: 'html', output: file }, { out: () => undefined, err: (s) => (err += s) });
    expect(err).toBe('');
    expect(code).toBe(0);
    browser = await chromium.launch(launchOptions());
    const context = await browser.newContext({ locale: BROWSER_LOCALE });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const guideRows = () => page.getByRole('table', { name: 'Guides', exact: true }).locator('tbody tr');
  const visibleRows = () => page.getByRole('table', { name: 'Guides', exact: true }).locator('tbody tr:visible');

  it('is one self-contained file: no request besides the file itself', async () => {
    expect(requests).toEqual([pathToFileURL(file).href]);
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=|@import|https?:\/\/[^"'<\s]*\.(css|js)\b/);
  });

  it('shows the summary, the problems, the outdated ranking and a row per guide', async () => {
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('docproof corpus report');
    expect(await page.getByText('183 guides:').count()).toBe(1);
    expect(await page.getByText('authentik 2026.8.3 (pinned 2026-11-29)').count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Most common problems' }).locator('tbody tr').count()).toBeGreaterThan(5);
    const outdated = page.getByRole('table', { name: 'Most outdated guides' }).locator('tbody tr');
    expect(await outdated.first().textContent()).toContain('onlyoffice');
    expect(await guideRows().count()).toBe(183);
    expect(await page.locator('#count').textContent()).toBe('Showing 183 of 183 guides');
  });

  it("shows Portainer's row: provider type, tested-with version and its age", async () => {
    const row = guideRows().filter({ hasText: 'hypervisors-orchestrators/portainer/index.md' });
    expect(await row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe('oauth2');
    expect(cells[2]).toBe('2025.10.3');
    expect(cells[3]).toBe('10 months and 4 releases behind');
    expect(cells[0]).toContain('Integrate with Portainer');
  });

  it('filtering hides the other rows', async () => {
    const filter = page.getByLabel('Filter');
    await filter.fill('portainer');
    expect(await page.locator('#count').textContent()).toMatch(/^Showing [1-5] of 183 guides$/);
    expect(await visibleRows().first().textContent()).toContain('portainer');
    expect(await guideRows().filter({ hasText: 'monitoring/grafana/index.mdx' }).isVisible()).toBe(false);
    await filter.fill('scope-list comma');
    const shown = await visibleRows().allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(text.toLowerCase()).toMatch(/scope-list[\s\S]*comma|comma[\s\S]*scope-list/);
    await filter.fill('');
    expect(await visibleRows().count()).toBe(183);
  });

  it('clicking a header sorts by it, again reverses', async () => {
    const header = page.getByRole('button', { name: 'Releases behind' });
    await header.click();
    expect(await page.getByRole('columnheader', { name: 'Releases behind' }).getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    expect(await page.getByRole('columnheader', { name: 'Releases behind' }).getAttribute('aria-sort')).toBe('descending');
    const first = await guideRows().first().locator('td').first().textContent();
    expect(first).toContain('chat-communication-collaboration/onlyoffice/index.md');
    await page.getByRole('button', { name: 'Errors' }).click();
    await page.getByRole('button', { name: 'Errors' }).click();
    const errors = (await guideRows().evaluateAll((rows) => rows.map((r) => Number((r as HTMLTableRowElement).cells[4]!.textContent))));
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
    expect(errors[0]).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Guide' }).click();
    const names = await guideRows().evaluateAll((rows) => rows.map((r) => (r as HTMLTableRowElement).dataset.file!));
    expect(names).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
  });
});
