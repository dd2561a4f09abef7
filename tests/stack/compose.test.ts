/**
 * startComposeStack against the fake docker CLI (tests/stack/fake-docker) and an HTTP double of the readiness
 * endpoints: the compose calls it makes, readiness per service, logs on a passed deadline, teardown.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMPOSE_FILE,
  ComposeStackError,
  ImagePullError,
  NO_ENGINE_MESSAGE,
  NoDockerEngineError,
  startComposeStack,
  type ComposeStackOptions,
} from '../../src/stack/compose.js';
import { UsageError } from '../../src/findings.js';
import { PINNED } from '../../src/versions.js';
import { fakeDocker, readinessDouble, type FakeDocker, type ReadinessDouble, type ReadinessScript } from './support.js';

let docker: FakeDocker;
let double: ReadinessDouble;
let lines: string[];

async function setUp(script: Record<string, string> = {}, readiness: ReadinessScript = {}) {
  docker = fakeDocker(script);
  docker.install();
  double = await readinessDouble(readiness);
  lines = [];
}

function options(extra: Partial<ComposeStackOptions> = {}): ComposeStackOptions {
  return {
    ports: double.ports,
    log: (l) => lines.push(l),
    pollIntervalMs: 20,
    exitPollMs: 20,
    handleSignals: false,
    // No DOCPROOF_IMAGE_* from the shell that runs the tests: the pinned images unless a test says otherwise.
    env: {},
    ...extra,
  };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

afterEach(async () => {
  docker?.restore();
  await double?.close();
});

describe('startComposeStack with a Docker engine (fake CLI)', () => {
  beforeEach(() => setUp({}, { healthFailures: 2, tokenFailures: 1, flowEmpty: 1 }));

  it('runs `compose up -d` for a per-run project, waits for each service over HTTP, and tears everything down', async () => {
    const stack = await startComposeStack(options({ deadlines: { containers: 60_000 } }));
    try {
      expect(stack.kind).toBe('compose');
      expect(stack.project).toMatch(/^docproof-[0-9a-f]{8}$/);
      expect(stack.authentik.url).toBe(`http://localhost:${double.ports.authentik}`);
      expect(stack.app.url).toBe(`http://localhost:${double.ports.portainer}`);
      expect(stack.urls).toMatchObject({ authentik: stack.authentik.url, portainer: stack.app.url });
      expect(stack.authentik.version).toBe('2026.8.3');
      expect(stack.app).toMatchObject({ name: 'portainer', adminUser: 'admin', version: '2.21.4' });
      expect(stack.label).toContain('goauthentik/server:2026.8.3');
      expect(stack.label).toContain('portainer/portainer-ce:2.21.4');
      expect(stack.label).toContain('postgres:16.11-alpine');

      const up = docker.callsWith('up');
      expect(up).toHaveLength(1);
      // No `--wait`: it fails on a service whose healthcheck is disabled (podman; Docker per docker/compose#13522).
      expect(up[0]!.argv).toEqual(['compose', '-p', stack.project, '-f', COMPOSE_FILE, 'up', '-d']);
      expect(up[0]!.images).toEqual({
        DOCPROOF_IMAGE_AUTHENTIK: PINNED.images.authentik,
        DOCPROOF_IMAGE_FORWARDER: PINNED.images.forwarder,
        DOCPROOF_IMAGE_PORTAINER: PINNED.images.portainer,
        DOCPROOF_IMAGE_POSTGRES: PINNED.images.postgres,
        // compose interpolates every service, whatever its profile: pgAdmin's image is named, never used.
        DOCPROOF_IMAGE_PGADMIN: PINNED.images.pgadmin,
      });
      // Each image of the run is looked up first (all present here: nothing pulled); pgAdmin's is not the run's.
      const runImages = Object.entries(PINNED.images).filter(([role]) => role !== 'pgadmin').map(([, i]) => i);
      expect(docker.callsWith('image', 'inspect').map((c) => c.argv.at(-1)).sort()).toEqual(runImages.sort());
      expect(docker.callsWith('pull')).toHaveLength(0);
      expect(stack.overridden).toEqual([]);
      // The secrets reach compose through its environment, never its arguments.
      expect(up[0]!.vars).toContain('DOCPROOF_AUTHENTIK_BOOTSTRAP_TOKEN');
      expect(up[0]!.vars).toContain('DOCPROOF_PORTAINER_ADMIN_PASSWORD');
      for (const s of [stack.authentik.token, stack.app.adminPassword]) {
        expect(JSON.stringify(docker.calls())).not.toContain(s);
      }
      // The token docproof uses is the bootstrap token compose was given.
      expect(up[0]!.tokenSha256).toBe(sha(stack.authentik.token));

      // Readiness in the reference's order, with the bootstrap token after the health check.
      const paths = double.requests.filter((r) => r.service === 'authentik').map((r) => r.path);
      expect(paths.filter((p) => p === '/-/health/ready/')).toHaveLength(3);
      const firstMe = paths.indexOf('/api/v3/core/users/me/');
      expect(firstMe).toBeGreaterThan(paths.lastIndexOf('/-/health/ready/'));
      expect(paths.filter((p) => p === '/api/v3/core/users/me/')).toHaveLength(2);
      for (const slug of ['default-provider-authorization-implicit-consent', 'default-provider-invalidation-flow', 'default-invalidation-flow']) {
        expect(paths.some((p) => p === `/api/v3/flows/instances/?slug=${slug}`)).toBe(true);
      }
      // Until the default authentication flow exists, authentik answers 404 at /application/o/authorize/: readiness
      // asks again until it is there (empty once here).
      expect(paths.filter((p) => p === '/api/v3/flows/instances/?slug=default-authentication-flow')).toHaveLength(2);
      expect(paths.some((p) => p.startsWith('/api/v3/crypto/certificatekeypairs/?name=authentik%20Self-signed%20Certificate'))).toBe(true);
      expect(double.requests.filter((r) => r.path.startsWith('/api/v3/')).every((r) => r.bearer === stack.authentik.token)).toBe(true);
      expect(double.requests.filter((r) => r.service === 'portainer').map((r) => r.path)).toEqual(['/api/system/status', '/api/users/admin/check']);
      expect(docker.callsWith('down')).toHaveLength(0);
    } finally {
      await stack.stop();
    }
    const down = docker.callsWith('down');
    expect(down).toHaveLength(1);
    expect(down[0]!.argv).toEqual(['compose', '-p', stack.project, '-f', COMPOSE_FILE, 'down', '-v', '--remove-orphans', '--timeout', '5']);
    await stack.stop();
    expect(docker.callsWith('down')).toHaveLength(1);
    expect(lines.at(-1)).toBe(`compose: removed ${stack.project} (containers, networks, volumes)`);
  });

  it('gives each run its own project name and its own secrets', async () => {
    const a = await startComposeStack(options());
    const b = await startComposeStack(options());
    await Promise.all([a.stop(), b.stop()]);
    expect(a.project).not.toBe(b.project);
    expect(a.authentik.token).not.toBe(b.authentik.token);
    expect(a.app.adminPassword).not.toBe(b.app.adminPassword);
    expect(docker.callsWith('down').map((c) => c.argv[2]).sort()).toEqual([a.project, b.project].sort());
  });

  it('names every pinned image of the run in its label (a Portainer run: not pgAdmin\'s)', async () => {
    const stack = await startComposeStack(options({ projectName: 'docproof-label-test' }));
    await stack.stop();
    expect(stack.project).toBe('docproof-label-test');
    expect(stack.label).not.toContain('pgadmin');
    for (const image of Object.values(PINNED.images).filter((i) => !i.includes('socat') && !i.includes('pgadmin'))) {
      expect(stack.label).toContain(image.replace(/^docker\.io\/(library\/)?/, ''));
    }
  });
});

describe('startComposeStack when a deadline passes or compose fails', () => {
  it('shows the last log lines of the late service, masked, then removes the stack', async () => {
    await setUp({}, { healthFailures: Number.POSITIVE_INFINITY });
    const err = await startComposeStack(options({ deadlines: { server: 300 } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ComposeStackError);
    const message = (err as Error).message;
    expect(message).toMatch(/^server: not ready after 0 s \(waiting for GET \/-\/health\/ready\/ → 200; last: GET \/-\/health\/ready\/ → 503\); the stack docproof-[0-9a-f]{8} was removed$/);
    expect(docker.callsWith('logs', 'server')).toHaveLength(1);
    expect(docker.callsWith('logs')[0]!.argv.slice(-4)).toEqual(['--no-color', '--tail', '50', 'server']);
    const shown = lines.join('\n');
    expect(shown).toContain('compose: last 50 log lines of server:');
    expect(shown).toContain('server-1  | bootstrap token=***');
    expect(docker.callsWith('down')).toHaveLength(1);
  });

  it('names the worker when the bootstrap token is never accepted', async () => {
    await setUp({}, { tokenFailures: Number.POSITIVE_INFINITY });
    const err = await startComposeStack(options({ deadlines: { worker: 300 } })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^worker: not ready after 0 s \(waiting for the bootstrap token to be accepted/);
    expect(docker.callsWith('logs', 'worker')).toHaveLength(1);
    const token = double.requests.find((r) => r.bearer)!.bearer!;
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).toContain('worker-1  | bootstrap token=***');
    expect(docker.callsWith('down')).toHaveLength(1);
  });

  it('names Portainer when its admin was not created (the init lock)', async () => {
    await setUp({}, { adminCheck: 303 });
    const err = await startComposeStack(options({ deadlines: { portainer: 200 } })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^portainer: not ready .*GET \/api\/users\/admin\/check → 303 \(expected 204: admin exists\)/);
    expect(docker.callsWith('logs', 'portainer')).toHaveLength(1);
    expect(docker.callsWith('down')).toHaveLength(1);
  });

  it('when `up` fails, reports the line of compose\'s stderr that explains it and shows the logs of the services that are not up', async () => {
    const ps = [
      { Service: 'postgresql', State: 'running', Health: 'healthy' },
      { Service: 'server', State: 'exited', Health: '', ExitCode: 1 },
      { Service: 'worker', State: 'running', Health: '' },
    ].map((r) => JSON.stringify(r)).join('\n');
    await setUp({ FAKE_DOCKER_UP_EXIT: '1', FAKE_DOCKER_UP_STDERR: ' Network docproof-x_default  Creating\n Container docproof-x-server-1  Error\ndependency failed to start: container docproof-x-server-1 exited (1)', FAKE_DOCKER_PS: ps });
    const err = await startComposeStack(options()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^docker compose up failed: dependency failed to start: container docproof-x-server-1 exited \(1\); the stack docproof-[0-9a-f]{8} was removed$/);
    expect(docker.callsWith('ps', '--format', 'json')).toHaveLength(1);
    expect(docker.callsWith('logs').map((c) => c.argv.at(-1))).toEqual(['server']);
    expect(docker.callsWith('down')).toHaveLength(1);
    expect(double.requests).toHaveLength(0);
  });
});

describe('compose\'s failures, by the line that explains them', () => {
  it('the first line of stderr is progress ("Network … Creating"); the error line is reported, and the service it names shows its logs', async () => {
    await setUp({
      FAKE_DOCKER_UP_EXIT: '1',
      FAKE_DOCKER_UP_STDERR: [
        ' Network docproof-hs_default  Creating',
        ' Network docproof-hs_default  Created',
        ' Container docproof-hs-postgresql-1  Creating',
        ' Container docproof-hs-worker-1  Created',
        ' Container docproof-hs-postgresql-1  Healthy',
        'container docproof-hs-worker-1 had unexpected health status ""',
      ].join('\n'),
    });
    const err = await startComposeStack(options({ projectName: 'docproof-hs' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ComposeStackError);
    expect((err as Error).message).toBe('docker compose up failed: container docproof-hs-worker-1 had unexpected health status ""; the stack docproof-hs was removed');
    expect(docker.callsWith('logs').map((c) => c.argv.at(-1))).toEqual(['worker']);
    expect(lines.join('\n')).toContain('worker-1  | bootstrap token=***');
    expect(docker.callsWith('down')).toHaveLength(1);
  });

  it('a service whose container stops while the others become ready ends the wait at once, with its logs', async () => {
    const ps = [
      { Service: 'postgresql', State: 'running', Health: 'healthy', ExitCode: 0 },
      { Service: 'server', State: 'running', Health: '', ExitCode: 0 },
      { Service: 'worker', State: 'exited', Health: '', ExitCode: 1 },
    ].map((r) => JSON.stringify(r)).join('\n');
    await setUp({ FAKE_DOCKER_PS: ps }, { tokenFailures: Number.POSITIVE_INFINITY });
    const t0 = Date.now();
    const err = await startComposeStack(options({ deadlines: { worker: 60_000 } })).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect((err as Error).message).toMatch(/^worker: its container stopped with exit code 1 before the stack was ready; the stack docproof-[0-9a-f]{8} was removed$/);
    expect(docker.callsWith('logs').map((c) => c.argv.at(-1))).toEqual(['worker']);
    expect(docker.callsWith('down')).toHaveLength(1);
  });
});

describe('images: the pinned ones, or those DOCPROOF_IMAGE_* name', () => {
  const LOCAL = {
    DOCPROOF_IMAGE_POSTGRES: 'localhost/docproof-local/postgres:15-bookworm',
    DOCPROOF_IMAGE_AUTHENTIK: 'localhost/docproof-local/authentik:2026.5.0-rc1',
    DOCPROOF_IMAGE_PORTAINER: 'localhost/docproof-local/portainer-ce:2.21.4',
    DOCPROOF_IMAGE_FORWARDER: 'localhost/docproof-local/socat:1.7.4.4',
  };

  it('honours the overrides: compose gets them, and the label names each with its variable', async () => {
    await setUp();
    const stack = await startComposeStack(options({ env: LOCAL, projectName: 'docproof-override' }));
    await stack.stop();
    expect(docker.callsWith('up')[0]!.images).toEqual({ ...LOCAL, DOCPROOF_IMAGE_PGADMIN: PINNED.images.pgadmin });
    expect(stack.images).toEqual({ postgres: LOCAL.DOCPROOF_IMAGE_POSTGRES, authentik: LOCAL.DOCPROOF_IMAGE_AUTHENTIK, portainer: LOCAL.DOCPROOF_IMAGE_PORTAINER, forwarder: LOCAL.DOCPROOF_IMAGE_FORWARDER, pgadmin: PINNED.images.pgadmin });
    expect(stack.overridden.sort()).toEqual(['authentik', 'forwarder', 'portainer', 'postgres']);
    expect(stack.label).toBe(
      `compose (project docproof-override: authentik localhost/docproof-local/authentik:2026.5.0-rc1 set by DOCPROOF_IMAGE_AUTHENTIK, ` +
        `localhost/docproof-local/portainer-ce:2.21.4 set by DOCPROOF_IMAGE_PORTAINER, localhost/docproof-local/postgres:15-bookworm set by DOCPROOF_IMAGE_POSTGRES, ` +
        `localhost/docproof-local/socat:1.7.4.4 set by DOCPROOF_IMAGE_FORWARDER; authentik ${stack.authentik.url}, portainer ${stack.app.url})`,
    );
    for (const image of Object.values(PINNED.images).filter((i) => i !== PINNED.images.pgadmin)) expect(JSON.stringify(docker.calls())).not.toContain(image);
  });

  it('reads them from the process environment by default; one override leaves the other images pinned; blank means unset', async () => {
    await setUp();
    const saved = { ...process.env };
    process.env.DOCPROOF_IMAGE_AUTHENTIK = 'mirror.example/goauthentik/server:2026.8.3';
    process.env.DOCPROOF_IMAGE_POSTGRES = '  ';
    try {
      const { env: _none, ...rest } = options();
      const stack = await startComposeStack(rest);
      await stack.stop();
      expect(stack.overridden).toEqual(['authentik']);
      expect(stack.label).toContain('authentik mirror.example/goauthentik/server:2026.8.3 set by DOCPROOF_IMAGE_AUTHENTIK, portainer/portainer-ce:2.21.4, postgres:16.11-alpine;');
      expect(docker.callsWith('up')[0]!.images.DOCPROOF_IMAGE_POSTGRES).toBe(PINNED.images.postgres);
    } finally {
      process.env = saved;
    }
  });

  it('pulls a missing image before `up`', async () => {
    await setUp({ FAKE_DOCKER_MISSING: PINNED.images.portainer });
    const stack = await startComposeStack(options());
    await stack.stop();
    expect(docker.callsWith('pull').map((c) => c.argv)).toEqual([['pull', PINNED.images.portainer]]);
    expect(lines).toContain(`compose: pulling ${PINNED.images.portainer}`);
  });

  it('an image that cannot be pulled: one line naming it and its variable (exit 2), nothing started', async () => {
    await setUp({ FAKE_DOCKER_MISSING: PINNED.images.postgres, FAKE_DOCKER_UNPULLABLE: PINNED.images.postgres });
    const err = await startComposeStack(options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImagePullError);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(
      'cannot pull image docker.io/library/postgres:16.11-alpine (Error response from daemon: Get "https://docker.io/v2/": dial tcp: ' +
        'lookup docker.io on 127.0.0.53:53: no such host); set DOCPROOF_IMAGE_POSTGRES to an image this Docker engine has or can pull',
    );
    expect((err as Error).message).not.toContain('\n');
    // Nothing was created, so there is nothing to remove.
    expect(docker.callsWith('up')).toHaveLength(0);
    expect(docker.callsWith('down')).toHaveLength(0);
    expect(lines.join('\n')).not.toMatch(/removed/);
    expect(double.requests).toHaveLength(0);
  });

  it('an override that cannot be pulled names the override and its variable', async () => {
    await setUp({ FAKE_DOCKER_MISSING: 'localhost/docproof-local/socat:1.7.4.4', FAKE_DOCKER_UNPULLABLE: 'localhost/docproof-local/socat:1.7.4.4' });
    const err = await startComposeStack(options({ env: LOCAL })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^cannot pull image localhost\/docproof-local\/socat:1\.7\.4\.4 \(.*no such host\); set DOCPROOF_IMAGE_FORWARDER to /);
  });
});

describe('startComposeStack without what it needs', () => {
  it('without a Docker engine: NoDockerEngineError (exit 2), one line naming --stack external and the stand-ins', async () => {
    await setUp({ FAKE_DOCKER_ENGINE: '0' });
    const err = await startComposeStack(options({ dockerAnswers: undefined })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoDockerEngineError);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(NO_ENGINE_MESSAGE);
    expect(NO_ENGINE_MESSAGE).toBe('no Docker engine answers; use --stack external --env-file F (see npm run standins)');
    expect(docker.callsWith('info')).toHaveLength(1);
    expect(docker.callsWith('up')).toHaveLength(0);
  });

  it('without the compose plugin, or with one too old: a usage error, nothing started', async () => {
    await setUp({ FAKE_DOCKER_COMPOSE_VERSION: 'none' });
    await expect(startComposeStack(options())).rejects.toThrow(/`docker compose` does not: install Docker Compose v2 \(2\.20\.0 or later\)/);
    docker.restore();
    docker = fakeDocker({ FAKE_DOCKER_COMPOSE_VERSION: '2.17.3' });
    docker.install();
    await expect(startComposeStack(options())).rejects.toThrow('docker compose 2.17.3 is too old: docproof needs 2.20.0 or later');
    expect(docker.callsWith('up')).toHaveLength(0);
  });

  it('rejects a project name compose would refuse', async () => {
    await setUp();
    await expect(startComposeStack(options({ projectName: 'Bad Name' }))).rejects.toThrow(/compose project name "Bad Name"/);
  });

  it('reports a teardown that fails, with the command to finish it by hand', async () => {
    await setUp({ FAKE_DOCKER_DOWN_EXIT: '1' });
    const stack = await startComposeStack(options());
    await stack.stop();
    expect(lines.at(-1)).toBe(`compose: could not remove ${stack.project} (exit 1); remove it with: docker compose -p ${stack.project} down -v --remove-orphans`);
  });
});
