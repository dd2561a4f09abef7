import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { findSecrets, maskArtifacts } from '../../src/run/artifacts.js';
import { MASK, Masker } from '../../src/stack/mask.js';

const secret = 'S3cr3t/with+chars&"quote';

describe('Masker', () => {
  const m = new Masker([secret, null, '', 'ab']);
  it('masks a secret as is, URL-encoded and JSON-escaped', () => {
    expect(m.mask(`a ${secret} b`)).toBe(`a ${MASK} b`);
    expect(m.mask(`client_secret=${encodeURIComponent(secret)}&x=1`)).toBe(`client_secret=${MASK}&x=1`);
    expect(m.mask(JSON.stringify({ s: secret }))).toBe(`{"s":"${MASK}"}`);
  });
  it('ignores empty and too-short values', () => {
    expect(m.secrets).toEqual([secret]);
    expect(m.mask('ab cd')).toBe('ab cd');
  });
  it('masks bytes and deep values', () => {
    expect(m.maskBuffer(Buffer.from(`x${secret}y${secret}`)).toString()).toBe(`x${MASK}y${MASK}`);
    const same = Buffer.from('nothing here');
    expect(m.maskBuffer(same)).toBe(same);
    expect(m.maskDeep({ a: [secret], b: { c: `-${secret}-` }, n: 1 })).toEqual({ a: [MASK], b: { c: `-${MASK}-` }, n: 1 });
  });
});

describe('artifacts', () => {
  it('masks plain files, zips (nested) and the zip an HTML report embeds, then finds nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'docproof-mask-'));
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ error: `bad ${secret}` }));
    const inner = zipSync({ 'trace.network': strToU8(`body=${encodeURIComponent(secret)}`) });
    writeFileSync(path.join(dir, 'sub', 'trace.zip'), zipSync({ 'trace.trace': strToU8(`{"value":"${secret}"}`), 'nested.zip': inner }));
    const report = Buffer.from(zipSync({ 'report.json': strToU8(`{"title":"${secret}"}`) })).toString('base64');
    writeFileSync(path.join(dir, 'index.html'), `<script id="playwrightReportBase64" type="application/zip">data:application/zip;base64,${report}</script>`);
    writeFileSync(path.join(dir, 'clean.txt'), 'nothing secret');

    const m = new Masker([secret]);
    expect(findSecrets(dir, m).map((f) => path.relative(dir, f)).sort()).toEqual([
      'index.html!(embedded report)!report.json',
      'results.json',
      'sub/trace.zip!nested.zip!trace.network',
      'sub/trace.zip!trace.trace',
    ]);
    const changed = maskArtifacts(dir, m).map((f) => path.relative(dir, f)).sort();
    expect(changed).toEqual(['index.html', 'results.json', 'sub/trace.zip']);
    expect(findSecrets(dir, m)).toEqual([]);
    const trace = unzipSync(readFileSync(path.join(dir, 'sub', 'trace.zip')));
    expect(Buffer.from(trace['trace.trace']!).toString()).toBe(`{"value":"${MASK}"}`);
  });
});
