/**
 * The per-run environment: fresh secrets on every call, strong enough for what reads them, and never on disk: a whole
 * start and stop of the stack (fake docker CLI) leaves no file, in the temp folder, the working folder or the
 * repository, that holds one of them.
 */
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startComposeStack } from '../../src/stack/compose.js';
import { COMPOSE_VARS, composeEnv, freePorts, IMAGE_VARS, stackImages, varOf } from '../../src/stack/env.js';
import { PINNED } from '../../src/versions.js';
import { fakeDocker, readinessDouble, type FakeDocker, type ReadinessDouble } from './support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET_ROLES = ['pgPassword', 'secretKey', 'bootstrapPassword', 'bootstrapToken', 'portainerAdminPassword', 'pgadminAdminPassword'] as const;

describe('composeEnv', () => {
  it('sets every variable compose.yaml needs, with fresh secrets on each call', () => {
    const a = composeEnv({ authentik: 41_000, portainer: 41_001, pgadmin: 41_002 });
    const b = composeEnv({ authentik: 41_000, portainer: 41_001, pgadmin: 41_002 });
    expect(Object.keys(a.vars).sort()).toEqual(Object.values(COMPOSE_VARS).sort());
    expect(a.secrets).toHaveLength(SECRET_ROLES.length);
    expect(a.secrets).toEqual(SECRET_ROLES.map((r) => varOf(a, r)));
    for (const r of SECRET_ROLES) expect(varOf(a, r)).not.toBe(varOf(b, r));
    expect(new Set(a.secrets).size).toBe(a.secrets.length);
    expect(a.urls).toEqual({ authentik: 'http://localhost:41000', portainer: 'http://localhost:41001', pgadmin: 'http://localhost:41002' });
    expect(a.vars.COMPOSE_PROFILES).toBe('portainer');
    expect(composeEnv({ authentik: 41_000, portainer: 41_001, pgadmin: 41_002 }, {}, ['pgadmin']).vars.COMPOSE_PROFILES).toBe('pgadmin');
  });

  it('makes secrets that fit what reads them', () => {
    const env = composeEnv({ authentik: 41_000, portainer: 41_001, pgadmin: 41_002 });
    for (const s of env.secrets) {
      // base64url: nothing compose would interpolate ($), nothing a shell or a URL would need to escape.
      expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(s.length).toBeGreaterThanOrEqual(32);
    }
    expect(varOf(env, 'pgPassword').length).toBeLessThanOrEqual(99); // PostgreSQL's limit
    expect(varOf(env, 'secretKey').length).toBeGreaterThanOrEqual(80); // 60 random bytes, as authentik's docs
    expect(varOf(env, 'portainerAdminPassword').length).toBeGreaterThanOrEqual(12); // Portainer's minimum
  });

  it('takes the pinned images unless DOCPROOF_IMAGE_* names others, and says which', () => {
    expect(stackImages({})).toEqual({ images: PINNED.images, overridden: [] });
    // The pinned image named explicitly is no override; a blank value means unset.
    expect(stackImages({ DOCPROOF_IMAGE_PORTAINER: PINNED.images.portainer, DOCPROOF_IMAGE_POSTGRES: ' ' }).overridden).toEqual([]);
    const env = composeEnv({ authentik: 41_000, portainer: 41_001, pgadmin: 41_002 }, { DOCPROOF_IMAGE_POSTGRES: ' localhost/pg:15 ' });
    expect(env.images).toEqual({ ...PINNED.images, postgres: 'localhost/pg:15' });
    expect(env.overridden).toEqual(['postgres']);
    expect(env.vars[IMAGE_VARS.postgres]).toBe('localhost/pg:15');
    expect(env.vars[IMAGE_VARS.authentik]).toBe(PINNED.images.authentik);
    expect(Object.values(IMAGE_VARS).sort()).toEqual(Object.values(COMPOSE_VARS).filter((v) => v.startsWith('DOCPROOF_IMAGE_')).sort());
  });

  it('picks two distinct free loopback ports', async () => {
    const p = await freePorts();
    expect(p.authentik).not.toBe(p.portainer);
    for (const port of [p.authentik, p.portainer]) expect(port).toBeGreaterThan(1023);
  });
});

function filesChangedSince(dir: string, since: number, skip: (p: string) => boolean, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = path.join(dir, name);
    if (skip(p)) continue;
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) filesChangedSince(p, since, skip, out);
    else if (st.isFile() && st.mtimeMs >= since && st.size < 5_000_000) out.push(p);
  }
  return out;
}

describe('the secrets of a run are never written to disk', () => {
  let docker: FakeDocker | undefined;
  let double: ReadinessDouble | undefined;
  let tmp: string | undefined;
  const saved = { TMPDIR: process.env.TMPDIR };
  afterEach(async () => {
    docker?.restore();
    await double?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (saved.TMPDIR === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved.TMPDIR;
  });

  it('a start and stop leave no file holding a secret (temp folder, repository)', async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'docproof-env-test-'));
    process.env.TMPDIR = tmp;
    docker = fakeDocker();
    docker.install();
    double = await readinessDouble();
    const since = Date.now() - 1;
    const lines: string[] = [];
    const stack = await startComposeStack({ ports: double.ports, pollIntervalMs: 20, handleSignals: false, log: (l) => lines.push(l) });
    await stack.stop();
    const secrets = [stack.authentik.token, stack.app.adminPassword];
    expect(secrets.every((s) => s.length >= 32)).toBe(true);
    const skip = (p: string) => /[/\\](node_modules|\.git)$/.test(p);
    const written = [...filesChangedSince(tmp, since, skip), ...filesChangedSince(docker.dir, since, skip), ...filesChangedSince(root, since, skip)];
    // The fake docker's own call log was written during the run: the scan does look at new files.
    expect(written).toContain(docker.logFile);
    const holding = written.filter((f) => {
      const text = readFileSync(f, 'latin1');
      return secrets.some((s) => text.includes(s));
    });
    expect(holding).toEqual([]);
    expect(lines.join('\n')).not.toContain(stack.authentik.token);
  });
});
