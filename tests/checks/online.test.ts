/**
 * `--check-links`: the online check against a real HTTP server on loopback (port 0): found, gone (404), HEAD
 * refused then GET, no answer (timeout), bounded parallelism, one request per URL; and the rule's findings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsEnv, lintExtracted } from '../../src/checks/lint.js';
import { createUrlChecker } from '../../src/checks/online.js';
import { extractText } from '../../src/guide/extract.js';
import { closedPort, startServer, type TestServer } from '../support/http.js';

let server: TestServer;
let base: string;
const hits = new Map<string, number>();
let active = 0;
let maxActive = 0;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    if (url.startsWith('/slow')) return; // never answers; the client's timeout ends it
    if (url.startsWith('/busy')) {
      active++;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => {
        active--;
        res.writeHead(200).end();
      }, 80);
      return;
    }
    if (url === '/gone') return void res.writeHead(404).end();
    if (url === '/head-refused') return void res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
    if (url === '/moved') return void res.writeHead(301, { location: '/ok' }).end();
    if (url === '/ok') return void res.writeHead(200).end();
    res.writeHead(500).end();
  });
  base = server.url;
});

afterAll(() => server.close());

describe('createUrlChecker', () => {
  it('answers ok, gone, GET after a refused HEAD, redirects followed', async () => {
    const check = createUrlChecker({ timeoutMs: 2000 });
    expect(await check(`${base}/ok`)).toEqual({ ok: true, status: 200 });
    expect(await check(`${base}/gone`)).toEqual({ ok: false, status: 404, reason: 'HTTP 404' });
    expect(await check(`${base}/head-refused`)).toEqual({ ok: true, status: 200 });
    expect(await check(`${base}/moved`)).toEqual({ ok: true, status: 200 });
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const result = await createUrlChecker({ timeoutMs: 300 })(`${base}/slow`);
    expect(result).toEqual({ ok: false, status: null, reason: 'no answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps at most `concurrency` requests in flight and asks each URL once', async () => {
    maxActive = 0;
    const check = createUrlChecker({ concurrency: 2, timeoutMs: 2000 });
    const urls = Array.from({ length: 6 }, (_, i) => `${base}/busy/${i}`);
    await Promise.all([...urls, ...urls].map((u) => check(u)));
    expect(maxActive).toBe(2);
    for (let i = 0; i < 6; i++) expect(hits.get(`/busy/${i}`)).toBe(1);
  });

  it('names a connection failure', async () => {
    const port = await closedPort();
    const result = await createUrlChecker({ timeoutMs: 2000 })(`http://127.0.0.1:${port}/`);
    expect(result).toMatchObject({ ok: false, status: null });
    expect((result as { reason: string }).reason).toMatch(/ECONNREFUSED/);
  });
});

describe('links-and-images with --check-links', () => {
  it('reports a gone link as an error and an unreachable one as a warning, at their lines; skips placeholder hosts', async () => {
    const text = [
      '---',
      'title: Integrate with Example',
      'sidebar_label: Example',
      'support_level: community',
      '---',
      '',
      '- [fine](https://docs.vendor.example-docs.io/ok)',
      '- [gone](https://docs.vendor.example-docs.io/gone)',
      '- [slow](https://docs.vendor.example-docs.io/slow-2)',
      '- [placeholder](https://app.company/never-asked)',
      '',
    ].join('\n');
    const checker = createUrlChecker({ timeoutMs: 300 });
    const asked: string[] = [];
    // The guide names a public host; the test serves it from loopback.
    const env = { ...fsEnv, checkUrl: (url: string) => (asked.push(url), checker(url.replace('https://docs.vendor.example-docs.io', base))) };
    const file = await lintExtracted(extractText('/tmp/example/index.md', text), { rules: { 'template-structure': 'off' } }, env);
    const got = file.messages.filter((m) => m.ruleId === 'links-and-images').map((m) => [m.line, m.fatal, m.reason]);
    expect(got).toEqual([
      [8, true, 'link `https://docs.vendor.example-docs.io/gone` not found (HTTP 404)'],
      [9, false, 'link `https://docs.vendor.example-docs.io/slow-2` unreachable (no answer within 300 ms)'],
    ]);
    expect(asked.some((u) => u.includes('app.company'))).toBe(false);
  });

  it('asks nothing without --check-links', async () => {
    const text = '---\ntitle: Integrate with Example\nsidebar_label: Example\nsupport_level: community\n---\n\n[gone](https://docs.vendor.example-docs.io/gone)\n';
    const file = await lintExtracted(extractText('/tmp/example/index.md', text), {}, fsEnv);
    expect(file.messages.filter((m) => m.ruleId === 'links-and-images')).toEqual([]);
  });
});
