/** The secrets file between the run's worker (which appends) and its parent (which polls it for the masker). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecrets, recordSecret, secretsWhenGrown } from '../../src/run/journal.js';

describe('secrets file', () => {
  it('records each secret once, though the browser repeats the same cookie on every response', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'docproof-secrets-')), 'secrets.jsonl');
    for (let i = 0; i < 3; i++) recordSecret(file, 'session-cookie-value');
    recordSecret(file, 'client-secret-value');
    expect(readSecrets(file)).toEqual(['session-cookie-value', 'client-secret-value']);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('the parent reads the file again only when it has grown', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'docproof-secrets-')), 'secrets.jsonl');
    const learnt = secretsWhenGrown(file);
    expect(learnt()).toEqual([]); // not written yet
    recordSecret(file, 'first-secret');
    expect(learnt()).toEqual(['first-secret']);
    expect(learnt()).toEqual([]); // unchanged
    recordSecret(file, 'second-secret');
    expect(learnt()).toEqual(['first-secret', 'second-secret']);
  });
});
