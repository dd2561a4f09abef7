/**
 * The real tier's own failures (tests/e2e/real.ts), against stand-in toolkits in a temporary folder: not built,
 * half built, or `up` failing. Each gives one line naming the step and its log, and the e2e suite exits 2.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { failureLine, RealTierError, realTierMissing, startRealStack } from '../e2e/real.js';
import { root } from '../support/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'docproof-real-tier-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A toolkit folder whose `up` and `down` are the given scripts; `home` has READY with `versions`. */
function toolkit(name: string, up: string, versions: string[] | null): NodeJS.ProcessEnv {
  const dir = path.join(work, name);
  const home = path.join(dir, 'home');
  mkdirSync(home, { recursive: true });
  for (const [file, body] of [['up', up], ['down', `#!/bin/sh\necho down >> "${dir}/calls"\n`]] as const) {
    writeFileSync(path.join(dir, file), body);
    chmodSync(path.join(dir, file), 0o755);
  }
  if (versions) writeFileSync(path.join(home, 'READY'), `${versions.map((v) => `authentik ${v} (commit x)`).join('\n')}\nPortainer 2.21.4\nbuilt 2026-12-04\n`);
  return { ...process.env, DOCPROOF_REAL_DIR: dir, DOCPROOF_REAL_HOME: home, DOCPROOF_REAL_AUTHENTIK: '' };
}

describe('the real tier', () => {
  it('says when the toolkit is absent, not built, or lacks the version asked for', () => {
    expect(realTierMissing({ DOCPROOF_REAL_DIR: path.join(work, 'nowhere') })).toMatch(/^no real-program toolkit at .*nowhere \(set DOCPROOF_REAL_DIR\)$/);
    const notBuilt = toolkit('not-built', '#!/bin/sh\nexit 0\n', null);
    expect(realTierMissing(notBuilt)).toMatch(/build has not finished on this machine \(no .*READY\)$/);
    const half = toolkit('half', '#!/bin/sh\nexit 0\n', ['2026.5.0-rc1']);
    expect(realTierMissing({ ...half, DOCPROOF_REAL_AUTHENTIK: '2025.12.4' })).toBe(
      `authentik 2025.12.4 is not built (built: 2026.5.0-rc1); run ${half.DOCPROOF_REAL_DIR}/build --authentik 2025.12.4`,
    );
    expect(realTierMissing(half)).toBeNull();
  });

  it("names the line of up's output that says what failed, and where its output is", async () => {
    const env = toolkit(
      'fails',
      '#!/bin/sh\necho "starting PostgreSQL"\necho "up: FAILED after 3s: authentik did not become ready, see /x/logs/authentik-server.log" >&2\necho "--- last lines of /x/logs/authentik-server.log" >&2\necho "Traceback (most recent call last):" >&2\nexit 1\n',
      ['2026.5.0-rc1'],
    );
    const err = await startRealStack(env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RealTierError);
    expect((err as Error).message).toMatch(
      /^real tier: .*\/fails\/up failed \(exit 1\): up: FAILED after 3s: authentik did not become ready, see \/x\/logs\/authentik-server\.log \(its output: .*up\.log\)$/,
    );
  });

  it('picks ERROR lines too, and the last line otherwise', () => {
    expect(failureLine('x\nERROR: a build is running on /var/cache/docproof-real\n')).toBe('ERROR: a build is running on /var/cache/docproof-real');
    expect(failureLine('one\ntwo\n\n')).toBe('two');
  });

  it('makes the e2e suite exit 2 with one line when it cannot run', () => {
    const env = toolkit('suite', '#!/bin/sh\nexit 0\n', null);
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--config', path.join(root, 'playwright.config.ts')], {
      cwd: root,
      env: { ...env, DOCPROOF_STACK: 'real', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^docproof e2e: real tier: .*\/suite\/build has not finished on this machine/);
  });
});
