/**
 * The local pgAdmin image's env → config_distro.py translation (tests/support/images/pgadmin-config-distro.sh), as
 * dpage/pgadmin4's entrypoint does it: one `<KEY> = <value>` line per PGADMIN_CONFIG_<KEY>, the value as given
 * (Python), blanks and newlines folded to one space by its unquoted echo; nothing else of the environment.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../support/images/pgadmin-config-distro.sh', import.meta.url));

function configDistro(env: Record<string, string>): string[] {
  const r = spawnSync('/bin/sh', [SCRIPT], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trimEnd().split('\n');
}

describe("the local pgAdmin image's config_distro.py", () => {
  it('starts with the packager defaults: server mode, data in /var/lib/pgadmin, log to the console', () => {
    expect(configDistro({}).slice(0, 4)).toEqual(["SERVER_MODE = True", "DATA_DIR = '/var/lib/pgadmin'", "LOG_FILE = '/dev/null'", "CA_FILE = '/etc/ssl/certs/ca-certificates.crt'"]);
  });

  it('writes each PGADMIN_CONFIG_<KEY> as `<KEY> = <value>`, folding blanks and newlines, and nothing else', () => {
    const lines = configDistro({
      PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER: 'True',
      PGADMIN_CONFIG_OAUTH2_CONFIG: "[{'OAUTH2_NAME': 'authentik',\n  'OAUTH2_SCOPE': 'openid email profile'}]",
      PGADMIN_DEFAULT_PASSWORD: 'not-config',
      OTHER: 'x',
    }).slice(4);
    expect(lines.sort()).toEqual([
      'OAUTH2_AUTO_CREATE_USER = True',
      "OAUTH2_CONFIG = [{'OAUTH2_NAME': 'authentik', 'OAUTH2_SCOPE': 'openid email profile'}]",
    ]);
  });

  it('does not expand a value as a file pattern', () => {
    // Run in the repository's root, where `*` would match many files.
    expect(configDistro({ PGADMIN_CONFIG_X: '*' }).slice(4)).toEqual(['X = *']);
  });
});
