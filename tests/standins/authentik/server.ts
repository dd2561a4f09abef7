/**
 * The authentik stand-in: a test double of the parts of authentik docproof touches, point by point from
 * ../shared/reference/authentik.md (sections C, D, F, G, I), so a wrong guide fails against it for the same
 * reason it would fail against authentik. Test code only: nothing in src/ imports it.
 *
 *   const ak = await startAuthentikStandin({ bootstrapToken, bootstrapPassword });
 *   // ak.url, ak.version ('2026.8.3'), await ak.close()
 *   const old = await startAuthentikStandin({ ..., line: '2025.12' }); // old.version '2025.12.6', its API shapes
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAdminApi, type ApiRequest } from './admin-api.js';
import { FlowExecutor } from './flows.js';
import { OidcLayer } from './oidc.js';
import { FLOW_SCRIPT_PATH, errorPage, flowInterfacePage, userInterfacePage } from './pages.js';
import { DEFAULT_STANDIN_LINE, loadAuthentikSchema, type StandinLine } from './schema.js';
import { AuthentikState } from './state.js';

export interface AuthentikStandin {
  url: string;
  version: string;
  close(): Promise<void>;
  /**
   * Responses the stand-in produced that schema.yml rejects (each was answered with 500). Not part of
   * authentik: a non-empty list is a stand-in bug, and tests assert it stays empty.
   */
  readonly schemaViolations: readonly string[];
}

export interface AuthentikStandinOptions {
  host?: string;
  port?: number;
  /** AUTHENTIK_BOOTSTRAP_TOKEN: an API token of akadmin (Bearer). */
  bootstrapToken: string;
  /** AUTHENTIK_BOOTSTRAP_PASSWORD: akadmin's password. */
  bootstrapPassword: string;
  /** The release line whose API (schema.yml) the stand-in serves; default 2026.8. */
  line?: StandinLine;
  /** Request log: method, path (never the query) and status; never secrets. */
  log?: (line: string) => void;
}

const FLOW_SCRIPT = readFileSync(fileURLToPath(new URL('./web/flow-executor.js', import.meta.url)), 'utf8');

function redirect(res: ServerResponse, location: string, extra: Record<string, string> = {}): void {
  res.writeHead(302, { location, ...extra });
  res.end();
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `JSON parse error - ${(err as Error).message}` };
  }
}

/** Paths as logged: the interaction id of a resumed authorization is masked, queries are never logged. */
function loggablePath(pathname: string): string {
  return pathname.replace(/^\/application\/o\/authorize\/[^/]+\/?$/, '/application/o/authorize/<interaction>');
}

export async function startAuthentikStandin(opts: AuthentikStandinOptions): Promise<AuthentikStandin> {
  const schema = await loadAuthentikSchema(opts.line ?? DEFAULT_STANDIN_LINE);
  const state = new AuthentikState({ bootstrapToken: opts.bootstrapToken, bootstrapPassword: opts.bootstrapPassword });
  const flows = new FlowExecutor(state);
  const oidc = new OidcLayer({ state, flows });
  state.onChange = () => oidc.invalidate();
  flows.onSignInOrOut = (cookieHeader) => oidc.forgetBrowserSession(cookieHeader);
  const violations: string[] = [];
  const api = createAdminApi(schema, state, flows, violations);

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL, baseUrl: string): Promise<void> => {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/-/health/live/' || path === '/-/health/ready/') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end();
      return;
    }
    if (path.startsWith('/api/v3/')) {
      const body = method === 'GET' || method === 'DELETE' || method === 'HEAD' ? { ok: true as const, value: undefined } : await readJson(req);
      if (!body.ok) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: body.error }));
        return;
      }
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const values = url.searchParams.getAll(key);
        query[key] = values.length === 1 ? values[0]! : values;
      }
      const apiReq: ApiRequest = {
        method,
        path,
        query,
        headers: req.headers,
        body: body.value,
        baseUrl,
        sessionId: flows.fromCookieHeader(req.headers.cookie)?.id,
      };
      const response = await api.handle(apiReq);
      const headers: Record<string, string> = { ...(response.headers ?? {}) };
      if (response.body !== undefined) headers['content-type'] = 'application/json';
      res.writeHead(response.status, headers);
      res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
      return;
    }
    if (path.startsWith('/application/o/') && (await oidc.handle(req, res, url))) return;
    if (path === '/flows/-/default/authentication/') return redirect(res, `/if/flow/default-authentication-flow/${url.search}`);
    if (path === '/flows/-/default/invalidation/') return redirect(res, `/if/flow/default-invalidation-flow/${url.search}`);
    const flowPage = /^\/if\/flow\/([^/]+)\/$/.exec(path);
    if (flowPage && method === 'GET') {
      if (!state.flowBySlug(flowPage[1]!)) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end(errorPage('Not Found', 'No Flow matches the given query.'));
        return;
      }
      const { setCookie } = flows.ensure(req.headers.cookie);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(setCookie ? { 'set-cookie': setCookie } : {}) });
      res.end(flowInterfacePage(flowPage[1]!));
      return;
    }
    if (path === FLOW_SCRIPT_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(FLOW_SCRIPT);
      return;
    }
    if (path === '/') return redirect(res, '/if/user/');
    if (path === '/if/user/') {
      const user = flows.userOf(flows.fromCookieHeader(req.headers.cookie));
      if (!user) return redirect(res, `/flows/-/default/authentication/?${new URLSearchParams({ next: '/if/user/' })}`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(userInterfacePage(user.username));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(errorPage('Not Found', 'The requested resource was not found on this server.'));
  };

  const server = createServer((req, res) => {
    const baseUrl = `http://${req.headers.host ?? `${opts.host ?? '127.0.0.1'}`}`;
    const url = new URL(req.url ?? '/', baseUrl);
    const started = Date.now();
    res.on('finish', () => opts.log?.(`${req.method} ${loggablePath(url.pathname)} ${res.statusCode} ${Date.now() - started}ms`));
    OidcLayer.withBaseUrl(baseUrl, () =>
      route(req, res, url, baseUrl).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        opts.log?.(`error: ${req.method} ${loggablePath(url.pathname)}: ${message.slice(0, 200)}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('authentik stand-in error');
        } else res.end();
      }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    version: schema.version,
    schemaViolations: violations,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
