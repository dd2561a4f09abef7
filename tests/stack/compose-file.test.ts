/**
 * compose.yaml: valid against the compose-spec JSON schema (the copy dclint ships), clean under dclint's error rules,
 * every image pinned by exact tag (through src/versions.ts), every secret from a required variable, no Redis,
 * published on loopback only; and, where the docker compose CLI is installed, accepted by `docker compose config`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_FILE, envOverride } from '../../src/stack/compose.js';
import { COMPOSE_VARS, composeEnv } from '../../src/stack/env.js';
import { whyNotExact } from '../../src/stack/pinning.js';
import { PINNED } from '../../src/versions.js';

const require = createRequire(import.meta.url);
const text = readFileSync(COMPOSE_FILE, 'utf8');
// `merge: true` resolves the `<<: *authentik-env` merge keys as compose does.
const compose = parse(text, { merge: true }) as {
  services: Record<string, Record<string, unknown> & { image: string; environment?: Record<string, string>; ports?: string[] }>;
  secrets?: Record<string, { environment?: string; file?: string }>;
};
const services = compose.services;
// COMPOSE_PROFILES is compose's own variable (which profiles start), not one the file refers to.
const KNOWN_VARS = new Set<string>(Object.values(COMPOSE_VARS).filter((v) => v !== COMPOSE_VARS.profiles));
// `$${X}` is compose's escape for a literal `${X}` (the container's shell expands it), not a variable of ours.
const REF = /(?<!\$)\$\{([A-Z0-9_]+)([^}]*)\}/g;

/** What compose would substitute, from the per-run environment. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(REF, (_, name: string) => vars[name] ?? '');
}

describe('compose.yaml', () => {
  it('validates against the compose-spec JSON schema', () => {
    const schemaFile = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
    // The file names its draft by an https URL that Ajv does not know by that name; it is draft-07, Ajv's default.
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema is strict enough to fail: an unknown service key is refused.
    const broken = structuredClone(compose);
    (broken.services.server as Record<string, unknown>).stop_grace_periodx = '5s';
    expect(validate(broken)).toBe(false);
  });

  it('has no errors under dclint (schema + its error-level rules)', () => {
    // Images are variables resolved from src/versions.ts, so dclint cannot see their tags; the next test checks them.
    // The project name is given per run (`-p docproof-<random>`), never in the file.
    const out = spawnSync(
      process.execPath,
      [
        path.join(path.dirname(require.resolve('dclint/package.json')), 'bin', 'dclint.cjs'),
        COMPOSE_FILE,
        '-q',
        '-f', 'json',
        '--color', 'false',
        '--disable-rule', 'service-image-require-explicit-tag',
        '--disable-rule', 'require-project-name-field',
      ],
      { encoding: 'utf8' },
    );
    const reports = JSON.parse(out.stdout) as { messages: { rule: string; message: string; line: number }[]; errorCount: number }[];
    expect(out.status).toBe(0);
    // dclint lists only files with problems.
    expect(reports.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.rule}: ${m.message}`))).toEqual([]);
    expect(reports.reduce((n, r) => n + r.errorCount, 0)).toBe(0);
  });

  it('pins every image by exact tag, all from src/versions.ts', () => {
    const env = composeEnv({ authentik: 40_001, portainer: 40_002, pgadmin: 40_003 }, {});
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.image, `${name}: image must be a required variable`).toMatch(/^\$\{DOCPROOF_IMAGE_[A-Z]+:\?[^}]+\}$/);
      const resolved = interpolate(svc.image, env.vars);
      expect(Object.values(PINNED.images)).toContain(resolved);
      expect(whyNotExact(resolved), name).toBeNull();
    }
    for (const image of Object.values(PINNED.images)) expect(whyNotExact(image)).toBeNull();
    expect(PINNED.images.authentik).toBe(`ghcr.io/goauthentik/server:${PINNED.authentik.version}`);
    expect(services.server!.image).toBe(services.worker!.image);
  });

  it('the exact-tag check refuses floating tags', () => {
    expect(whyNotExact('docker.io/library/postgres:16-alpine')).toMatch(/does not name one release/);
    expect(whyNotExact('postgres:16')).toMatch(/does not name one release/);
    expect(whyNotExact('ghcr.io/goauthentik/server:2026.8')).toMatch(/does not name one release/);
    expect(whyNotExact('portainer/portainer-ce:lts')).toMatch(/floating tag/);
    expect(whyNotExact('portainer/portainer-ce:latest')).toMatch(/floating tag/);
    expect(whyNotExact('portainer/portainer-ce')).toMatch(/no tag/);
    expect(whyNotExact('localhost:5000/portainer-ce')).toMatch(/no tag/);
    expect(whyNotExact('postgres:16.11-alpine')).toBeNull();
    expect(whyNotExact('portainer/portainer-ce:2.21.4')).toBeNull();
  });

  it('takes every secret, port and image from a required variable of the per-run environment', () => {
    const refs = [...text.matchAll(REF)];
    expect(refs.length).toBeGreaterThan(10);
    for (const [whole, name, rest] of refs) {
      expect(KNOWN_VARS.has(name!), `${whole}: not a variable docproof sets`).toBe(true);
      expect(rest, `${whole}: must be required (:?), never defaulted`).toMatch(/^:\?/);
    }
    const used = new Set(refs.map((r) => r[1]!));
    for (const s of Object.values(compose.secrets ?? {})) {
      expect(s.file, 'a secret from a file would sit on disk').toBeUndefined();
      if (s.environment) used.add(s.environment);
    }
    expect([...KNOWN_VARS].filter((v) => !used.has(v))).toEqual([]);
    // No literal secret values: every password / key / token setting is a variable.
    for (const [name, svc] of Object.entries(services)) {
      for (const [key, value] of Object.entries(svc.environment ?? {})) {
        if (/PASSWORD|SECRET|TOKEN/.test(key)) expect(value, `${name}.${key}`).toMatch(/^\$\{DOCPROOF_[A-Z_]+:\?[^}]+\}$/);
      }
    }
  });

  it('bootstraps authentik through the worker environment, has no Redis, creates Portainer\'s admin at start', () => {
    expect(Object.keys(services).sort()).toEqual(['pgadmin', 'pgadmin-to-authentik', 'portainer', 'postgresql', 'server', 'to-authentik', 'to-portainer', 'worker']);
    expect(Object.values(services).some((s) => /redis/i.test(s.image) || /REDIS/.test(JSON.stringify(s.environment ?? {})))).toBe(false);
    const worker = services.worker!.environment!;
    for (const key of ['AUTHENTIK_BOOTSTRAP_PASSWORD', 'AUTHENTIK_BOOTSTRAP_TOKEN', 'AUTHENTIK_BOOTSTRAP_EMAIL', 'AUTHENTIK_SECRET_KEY', 'AUTHENTIK_POSTGRESQL__PASSWORD']) {
      expect(worker[key], key).toBeDefined();
    }
    expect(services.server!.environment!.AUTHENTIK_SECRET_KEY).toBe(worker.AUTHENTIK_SECRET_KEY);
    expect(services.portainer!.command).toEqual(expect.arrayContaining(['--admin-password-file', '/run/secrets/portainer_admin_password']));
    expect(compose.secrets?.portainer_admin_password).toEqual({ environment: 'DOCPROOF_PORTAINER_ADMIN_PASSWORD' });
  });

  it('starts each application under its own profile, authentik always; pgAdmin\'s first user and port from the run', () => {
    const profiles = Object.fromEntries(Object.entries(services).map(([n, s]) => [n, (s.profiles as string[] | undefined) ?? []]));
    expect(profiles).toEqual({
      postgresql: [], server: [], worker: [],
      portainer: ['portainer'], 'to-authentik': ['portainer'], 'to-portainer': ['portainer'],
      pgadmin: ['pgadmin'], 'pgadmin-to-authentik': ['pgadmin'],
    });
    expect(services.pgadmin!.environment).toMatchObject({
      PGADMIN_DEFAULT_EMAIL: '${DOCPROOF_PGADMIN_ADMIN_EMAIL:?set by docproof per run}',
      PGADMIN_DEFAULT_PASSWORD: '${DOCPROOF_PGADMIN_ADMIN_PASSWORD:?set by docproof per run}',
    });
    expect(services.pgadmin!.ports).toEqual(['127.0.0.1:${DOCPROOF_PGADMIN_PORT:?set by docproof per run}:80']);
    // pgAdmin's backend reaches authentik at the browser's address: a forwarder in its network namespace.
    expect(services['pgadmin-to-authentik']!.network_mode).toBe('service:pgadmin');
    expect(services['pgadmin-to-authentik']!.command).toEqual(['TCP-LISTEN:${DOCPROOF_AUTHENTIK_PORT:?set by docproof per run},bind=127.0.0.1,fork,reuseaddr', 'TCP:server:9000']);
  });

  it('needs nothing newer than Docker API 1.41 (Docker 24 and later, podman 4.3): no healthcheck.start_interval', () => {
    // compose refuses start_interval below API 1.44 ("can't set healthcheck.start_interval as feature require Docker
    // Engine v25 or later"); podman 4.3 answers 1.41.
    expect(text).not.toMatch(/^\s*start_interval\s*:/m);
    for (const [name, svc] of Object.entries(services)) {
      const hc = (svc.healthcheck ?? {}) as Record<string, unknown>;
      expect(Object.keys(hc).filter((k) => !['test', 'interval', 'timeout', 'retries', 'start_period', 'disable'].includes(k)), name).toEqual([]);
    }
    // PostgreSQL's check still comes early without start_interval: `up -d` waits on it before authentik starts.
    const pg = services.postgresql!.healthcheck as Record<string, string>;
    expect(Number.parseInt(pg.interval!, 10)).toBeLessThanOrEqual(2);
    expect(services.server!.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(services.worker!.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
  });

  it('publishes services on 127.0.0.1 only, and forwards each published port inside the other container', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const p of svc.ports ?? []) expect(p, name).toMatch(/^127\.0\.0\.1:/);
    }
    expect(services.server!.ports).toEqual(['127.0.0.1:${DOCPROOF_AUTHENTIK_PORT:?set by docproof per run}:9000']);
    expect(services.portainer!.ports).toEqual(['127.0.0.1:${DOCPROOF_PORTAINER_PORT:?set by docproof per run}:9000']);
    expect(services['to-authentik']!.network_mode).toBe('service:portainer');
    expect(String((services['to-authentik']!.command as string[])[0])).toContain('${DOCPROOF_AUTHENTIK_PORT');
    expect((services['to-authentik']!.command as string[])[1]).toBe('TCP:server:9000');
    expect(services['to-portainer']!.network_mode).toBe('service:worker');
    expect((services['to-portainer']!.command as string[])[1]).toBe('TCP:portainer:9000');
  });
});

const composeCli = spawnSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8' });
const hasComposeCli = composeCli.status === 0;

describe.skipIf(!hasComposeCli)(
  `docker compose config (${hasComposeCli ? `compose ${composeCli.stdout.trim()}` : 'skipped: no docker compose CLI here'})`,
  () => {
    it('accepts the file with the per-run environment, and resolves the pinned images', () => {
      const env = composeEnv({ authentik: 40_001, portainer: 40_002, pgadmin: 40_003 }, {});
      const childEnv = { ...process.env, ...env.vars, COMPOSE_PROFILES: 'portainer,pgadmin' };
      const args = ['compose', '-p', 'docproof-config-test', '-f', COMPOSE_FILE];
      execFileSync('docker', [...args, 'config', '-q'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      const images = execFileSync('docker', [...args, 'config', '--images'], { env: childEnv, encoding: 'utf8' });
      expect([...new Set(images.trim().split('\n'))].sort()).toEqual([...new Set(Object.values(PINNED.images))].sort());
    });

    it('starts only the application of the run: a pgAdmin run has no Portainer, a Portainer run no pgAdmin', () => {
      const services = (apps: string[]) => {
        const env = composeEnv({ authentik: 40_001, portainer: 40_002, pgadmin: 40_003 }, {}, apps as ['pgadmin']);
        const out = execFileSync('docker', ['compose', '-p', 'docproof-config-test', '-f', COMPOSE_FILE, 'config', '--services'], { env: { ...process.env, ...env.vars }, encoding: 'utf8' });
        return out.trim().split('\n').sort();
      };
      expect(services(['pgadmin'])).toEqual(['pgadmin', 'pgadmin-to-authentik', 'postgresql', 'server', 'worker']);
      expect(services(['portainer'])).toEqual(['portainer', 'postgresql', 'server', 'to-authentik', 'to-portainer', 'worker']);
    });

    it('the per-run override names the guide\'s variables only: compose takes their values from its environment', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'docproof-override-test-'));
      try {
        const secret = 'client-secret-value-that-must-not-touch-disk';
        const vars = { PGADMIN_CONFIG_OAUTH2_CONFIG: `[{'OAUTH2_CLIENT_SECRET': '${secret}'}]`, PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER: 'True' };
        const file = path.join(dir, 'override.yaml');
        writeFileSync(file, envOverride('pgadmin', Object.keys(vars)));
        expect(readFileSync(file, 'utf8')).not.toContain(secret);
        expect(readFileSync(file, 'utf8')).not.toContain('True');
        const env = composeEnv({ authentik: 40_001, portainer: 40_002, pgadmin: 40_003 }, {}, ['pgadmin']);
        const out = execFileSync('docker', ['compose', '-p', 'docproof-config-test', '-f', COMPOSE_FILE, '-f', file, 'config', '--format', 'json'], {
          env: { ...process.env, ...env.vars, ...vars },
          encoding: 'utf8',
        });
        const environment = (JSON.parse(out) as { services: Record<string, { environment: Record<string, string> }> }).services.pgadmin!.environment;
        expect(environment).toMatchObject(vars);
        expect(environment.PGADMIN_DEFAULT_EMAIL).toBe('admin@docproof.example.com');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses to run without the per-run variables, naming the first one missing', () => {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DOCPROOF_')));
      const r = spawnSync('docker', ['compose', '-p', 'docproof-config-test', '-f', COMPOSE_FILE, 'config', '-q'], { env: clean, encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/required variable DOCPROOF_[A-Z_]+ is missing a value/);
    });
  },
);
