/**
 * What the stack tests share: the fake docker CLI on PATH (tests/stack/fake-docker), and an HTTP double that answers
 * the readiness endpoints of authentik and Portainer as scripted (loopback, ephemeral ports, always closed).
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from '../support/http.js';
import { SIGN_IN_FLOWS } from '../../src/authentik/provision.js';

export const FAKE_DOCKER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-docker');

export interface FakeCall {
  argv: string[];
  pid: number;
  vars: string[];
  /** The DOCPROOF_IMAGE_* variables compose received, with their values. */
  images: Record<string, string>;
  tokenSha256: string | null;
  event: 'call' | 'done' | 'signal';
  verb?: string;
  signal?: string;
}

export interface FakeDocker {
  dir: string;
  logFile: string;
  /** The environment to give a child process (or that `install()` puts into process.env). */
  env: Record<string, string>;
  calls(): FakeCall[];
  /** Calls (event 'call') whose argv contains every given word. */
  callsWith(...words: string[]): FakeCall[];
  install(): void;
  restore(): void;
}

/** A fake docker with its own log; `script` sets FAKE_DOCKER_* variables (see fake-docker.cjs). */
export function fakeDocker(script: Record<string, string> = {}): FakeDocker {
  const dir = mkdtempSync(path.join(tmpdir(), 'docproof-fake-docker-'));
  const logFile = path.join(dir, 'calls.jsonl');
  const env: Record<string, string> = {
    PATH: `${FAKE_DOCKER_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    FAKE_DOCKER_LOG: logFile,
    FAKE_DOCKER_ENGINE: '1',
    ...script,
  };
  const saved: Record<string, string | undefined> = {};
  const calls = (): FakeCall[] =>
    existsSync(logFile)
      ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as FakeCall)
      : [];
  return {
    dir,
    logFile,
    env,
    calls,
    callsWith: (...words) => calls().filter((c) => c.event === 'call' && words.every((w) => c.argv.includes(w))),
    install() {
      for (const [k, v] of Object.entries(env)) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
    },
    restore() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ReadinessScript {
  /** How many times /-/health/ready/ answers 503 before 200 (Infinity: never ready). */
  healthFailures?: number;
  /** How many times users/me answers 403 before 200. */
  tokenFailures?: number;
  /**
   * How many times the lookup of default-authentication-flow is empty first: the worker applies its blueprint after
   * the provider flows' (the other flows of SIGN_IN_FLOWS are there from the start).
   */
  flowEmpty?: number;
  portainerVersion?: string;
  /** Status of /api/users/admin/check (204: the admin exists). */
  adminCheck?: number;
}

export interface ReadinessDouble {
  ports: { authentik: number; portainer: number; pgadmin: number };
  /** Every request: service, path and the bearer token it carried. */
  requests: { service: 'authentik' | 'portainer'; path: string; bearer: string | null }[];
  close(): Promise<void>;
}

export async function readinessDouble(script: ReadinessScript = {}): Promise<ReadinessDouble> {
  const requests: ReadinessDouble['requests'] = [];
  let health = 0;
  let token = 0;
  let flows = 0;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const bearer = (req: IncomingMessage) => req.headers.authorization?.replace(/^Bearer /, '') ?? null;

  const authentik = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ service: 'authentik', path: url.pathname + url.search, bearer: bearer(req) });
    if (url.pathname === '/-/health/ready/') {
      return json(res, health++ < (script.healthFailures ?? 0) ? 503 : 200, {});
    }
    if (!bearer(req)) return json(res, 403, { detail: 'Authentication credentials were not provided.' });
    if (url.pathname === '/api/v3/core/users/me/') {
      return token++ < (script.tokenFailures ?? 0) ? json(res, 403, { detail: 'Invalid token' }) : json(res, 200, { user: { username: 'akadmin' } });
    }
    if (url.pathname === '/api/v3/flows/instances/') {
      const slug = url.searchParams.get('slug') ?? '';
      const late = slug === 'default-authentication-flow' && flows++ < (script.flowEmpty ?? 0);
      const empty = late || !(SIGN_IN_FLOWS as readonly string[]).includes(slug);
      return json(res, 200, { results: empty ? [] : [{ slug: url.searchParams.get('slug') }] });
    }
    if (url.pathname === '/api/v3/crypto/certificatekeypairs/') {
      const ok = url.searchParams.get('name') === 'authentik Self-signed Certificate';
      return json(res, 200, { results: ok ? [{ name: url.searchParams.get('name') }] : [] });
    }
    if (url.pathname === '/api/v3/admin/version/') return json(res, 200, { version_current: '2026.8.3' });
    json(res, 404, {});
  });
  const portainer = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ service: 'portainer', path: url.pathname, bearer: bearer(req) });
    if (url.pathname === '/api/system/status') return json(res, 200, { Version: script.portainerVersion ?? '2.21.4', InstanceID: 'x' });
    if (url.pathname === '/api/users/admin/check') {
      res.writeHead(script.adminCheck ?? 204);
      return res.end();
    }
    json(res, 404, {});
  });
  const port = (s: TestServer) => Number(new URL(s.url).port);
  return {
    ports: { authentik: port(authentik), portainer: port(portainer), pgadmin: 1 },
    requests,
    close: async () => {
      await Promise.all([authentik.close(), portainer.close()]);
    },
  };
}
