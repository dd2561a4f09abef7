/**
 * The CLI as npm installs it: dist/cli.js, bundled by scripts/bundle-cli.ts after tsc (`npm test` builds
 * first). The static commands run from the bundle; the live ones load the tsc modules next to it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const built = existsSync(cli);

function docproof(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!built)(built ? 'dist/cli.js (bundled)' : 'dist/cli.js: skipped, not built (run `npm run build`)', () => {
  it('is one bundled entry: no import of the markdown stack by package name, chunks under dist/bundle', () => {
    const text = readFileSync(cli, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text).not.toMatch(/from ["'](?:unified|remark-[\w-]+|micromark[\w-]*|commander|yaml)["']/);
    expect(readdirSync(path.join(root, 'dist/bundle')).some((f) => f.endsWith('.js'))).toBe(true);
  });

  it('is executable, as `npx docproof` in a clone runs it: the file itself, through its #! line', async () => {
    expect(statSync(cli).mode & 0o111).toBe(0o111);
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(cli, ['--version'], { cwd: root });
      let stdout = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(r).toEqual({ code: 0, stdout: '0.1.0\n' });
  });

  it('leaves the live commands (plan, run, blueprint, changed) to the tsc modules next to it', () => {
    const text = readFileSync(cli, 'utf8');
    for (const c of ['plan', 'run', 'blueprint', 'changed']) expect(text).toContain(`import("./commands/${c}.js")`);
    const bundled = readdirSync(path.join(root, 'dist/bundle')).filter((f) => f.endsWith('.js'));
    for (const f of bundled) expect(readFileSync(path.join(root, 'dist/bundle', f), 'utf8')).not.toMatch(/playwright/i);
  });

  it('lint from the bundle: the findings of the guide as given, exit 1', async () => {
    const r = await docproof(['lint', 'tests/fixtures/portainer-as-given.md']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/14:28\s+warning\s+tested with authentik 2021\.7\.3/);
    expect(r.stdout).toMatch(/65:1\s+error\s+image `\.\/port1\.png` not found/);
  });

  it('plan through the external module: the provisioning step of the corrected guide', async () => {
    const r = await docproof(['plan', 'docs/integrations/portainer/index.md']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/create the OAuth2\/OpenID Connect provider and application "Portainer"/);
  });

  it('a reader that stops early (`| head`) ends the run quietly: no EPIPE, no stack trace', async () => {
    // Valid guides only: an invalid-MDX fixture would rightly print its one line on stderr.
    const line = `"${process.execPath}" "${cli}" extract --format json tests/fixtures/lint/gate tests/fixtures/lint/correct tests/fixtures/lint/seed docs | head -c 10 >/dev/null`;
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn('sh', ['-c', line], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
