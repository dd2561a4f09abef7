import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/findings.js';
import { loadExternalStack, stackSecrets } from '../../src/stack/external.js';

const dir = mkdtempSync(path.join(tmpdir(), 'docproof-ext-'));
const full = [
  'DOCPROOF_STACK_LABEL="standins (test)"',
  'DOCPROOF_AUTHENTIK_URL=http://127.0.0.1:9000/',
  'DOCPROOF_AUTHENTIK_TOKEN=tok-123456789',
  'DOCPROOF_APP=portainer',
  'DOCPROOF_APP_URL="http://127.0.0.2:9001"',
  'DOCPROOF_APP_ADMIN_USER=admin',
  'DOCPROOF_APP_ADMIN_PASSWORD=admin-password-1234',
].join('\n');

function envFile(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('loadExternalStack', () => {
  it('reads the env file, strips trailing slashes, and makes a test user per run', () => {
    const a = loadExternalStack({ envFile: envFile('full.env', full), env: {} });
    const b = loadExternalStack({ envFile: envFile('full.env', full), env: {} });
    expect(a).toMatchObject({
      kind: 'external',
      label: 'standins (test)',
      authentik: { url: 'http://127.0.0.1:9000', token: 'tok-123456789' },
      app: { name: 'portainer', url: 'http://127.0.0.2:9001', adminUser: 'admin', adminPassword: 'admin-password-1234' },
    });
    expect(a.testUser.username).toMatch(/^docproof-[0-9a-f]{8}$/);
    expect(a.testUser.password.length).toBeGreaterThanOrEqual(24);
    expect(a.testUser.password).not.toBe(b.testUser.password);
    expect(stackSecrets(a)).toEqual(['tok-123456789', 'admin-password-1234', a.testUser.password]);
  });
  it('flags win over the file, the file over the environment', () => {
    const s = loadExternalStack({
      envFile: envFile('full.env', full),
      flags: { appUrl: 'http://10.0.0.1:1' },
      env: { DOCPROOF_APP_ADMIN_USER: 'from-env', DOCPROOF_TEST_USER: 'alice' },
    });
    expect(s.app.url).toBe('http://10.0.0.1:1');
    expect(s.app.adminUser).toBe('admin');
    expect(s.testUser).toMatchObject({ username: 'alice', email: 'alice@docproof.example.com' });
  });
  it('missing keys: one line naming the file and the keys', () => {
    const f = envFile('partial.env', 'DOCPROOF_AUTHENTIK_URL=http://x\n');
    expect(() => loadExternalStack({ envFile: f, env: {} })).toThrow(UsageError);
    expect(() => loadExternalStack({ envFile: f, env: {} })).toThrow(
      `${f}: missing DOCPROOF_AUTHENTIK_TOKEN, DOCPROOF_APP, DOCPROOF_APP_URL, DOCPROOF_APP_ADMIN_USER, DOCPROOF_APP_ADMIN_PASSWORD for --stack external`,
    );
  });
  it('a missing file or a bad URL: one line', () => {
    expect(() => loadExternalStack({ envFile: path.join(dir, 'nope.env'), env: {} })).toThrow(/nope\.env: cannot read the env file \(ENOENT\)/);
    const f = envFile('bad.env', full.replace('http://127.0.0.1:9000/', 'not a url'));
    expect(() => loadExternalStack({ envFile: f, env: {} })).toThrow(/DOCPROOF_AUTHENTIK_URL="not a url" is not an absolute URL/);
  });
});
