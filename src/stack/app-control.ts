/**
 * The application's environment, set from another process. A stack that recreates its application with
 * environment variables (compose: `recreateWithEnv`) lives in the process that started it, while the guide is
 * performed in a Playwright worker (and the e2e suite's runs are other processes still). `serveAppControl` makes the
 * capability reachable on 127.0.0.1 behind a fresh bearer token; `withAppControl` gives a stack that names such a
 * server (app.control) the capability back. The variables' values travel over loopback only, never through a file.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { randomSecret } from './random.js';
import { AppRecreateError, type Stack } from './types.js';

export interface AppControl {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Bearer token of the server. Secret. */
  token: string;
}

type Capability = Required<Pick<Stack['app'], 'recreateWithEnv' | 'logsSince'>>;

/** A recreation takes pgAdmin's start (seconds) plus the engine's; its own deadline is the stack's. */
const CALL_TIMEOUT_MS = 600_000;
const MAX_BODY = 1024 * 1024;

async function body(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('request too large');
    chunks.push(c as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}

export async function serveAppControl(app: Capability): Promise<{ control: AppControl; close(): Promise<void> }> {
  const token = randomSecret(32);
  const server = createServer((req, res) => {
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'unauthorized' });
    void (async () => {
      try {
        const input = (await body(req)) as { vars?: unknown; since?: unknown };
        if (req.method === 'POST' && req.url === '/recreate' && isStringRecord(input.vars)) {
          try {
            await app.recreateWithEnv(input.vars);
            return reply(200, { ok: true });
          } catch (err) {
            // The application refusing (its output is the evidence), or the stack failing to recreate it.
            if (err instanceof AppRecreateError) return reply(200, { ok: false, refused: true, message: err.message, output: err.output });
            return reply(200, { ok: false, refused: false, message: (err as Error).message });
          }
        }
        if (req.method === 'POST' && req.url === '/logs' && typeof input.since === 'number') return reply(200, { text: await app.logsSince(input.since) });
        return reply(404, { error: `no ${req.method} ${req.url}` });
      } catch (err) {
        return reply(400, { error: (err as Error).message });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    control: { url: `http://127.0.0.1:${port}`, token },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function call(control: AppControl, path: string, payload: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(control.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const json = (await r.json()) as Record<string, unknown>;
  if (r.status !== 200) throw new Error(`the stack's application control at ${control.url} answered ${r.status}: ${String(json.error ?? '')}`);
  return json;
}

/** The capability of a server that `serveAppControl` started. */
export function appControlClient(control: AppControl): Capability {
  return {
    recreateWithEnv: async (vars) => {
      const r = await call(control, '/recreate', { vars });
      if (r.ok === true) return;
      const message = String(r.message ?? 'recreating the application failed');
      throw r.refused === true ? new AppRecreateError(message, String(r.output ?? '')) : new Error(message);
    },
    logsSince: async (since) => String((await call(control, '/logs', { since })).text ?? ''),
  };
}

/** The stack with the capability its app.control names (a stack handed over from another process); else as it is. */
export function withAppControl<S extends { app: Stack['app'] }>(stack: S): S {
  if (!stack.app.control || stack.app.recreateWithEnv) return stack;
  return { ...stack, app: { ...stack.app, ...appControlClient(stack.app.control) } };
}
