/**
 * A tiny OAuth server for the Portainer stand-in's own tests: it plays the IdP that Portainer's backend calls
 * (token and userinfo endpoints) and the browser visits (authorize, end-session). Every request is recorded so a
 * test can check what Portainer sent. Not used outside these tests.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface IdpBehaviour {
  clientId: string;
  clientSecret: string;
  /** Which client authentications the token endpoint accepts. */
  acceptBasic: boolean;
  acceptParams: boolean;
  /** Claims of the unsigned id_token; null to send none. */
  idTokenClaims: Record<string, unknown> | null;
  /** Userinfo status and body. */
  userinfoStatus: number;
  userinfo: Record<string, unknown> | unknown[];
}

export interface TestIdp {
  url: string;
  behaviour: IdpBehaviour;
  requests: RecordedRequest[];
  /** The code the authorize endpoint hands out (and the token endpoint accepts). */
  code: string;
  accessToken: string;
  close(): Promise<void>;
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

export async function startTestIdp(host = '127.0.0.1'): Promise<TestIdp> {
  const idp: TestIdp = {
    url: '',
    close: () => Promise.resolve(),
    behaviour: {
      clientId: 'portainer-client',
      clientSecret: 'idp-client-secret-XYZ123',
      acceptBasic: true,
      acceptParams: true,
      idTokenClaims: { sub: 'abc', preferred_username: 'from-id-token' },
      userinfoStatus: 200,
      userinfo: { sub: 'abc', preferred_username: 'alice', email: 'alice@example.com' },
    },
    requests: [],
    code: 'code-0000-aaaa',
    accessToken: 'access-token-SECRET-9876',
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://idp');
      const body = Buffer.concat(chunks).toString('utf8');
      idp.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body });
      const b = idp.behaviour;
      const sendJson = (status: number, value: unknown): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (url.pathname === '/authorize') {
        const target = new URL(url.searchParams.get('redirect_uri') ?? '');
        target.searchParams.set('code', idp.code);
        target.searchParams.set('state', url.searchParams.get('state') ?? '');
        res.writeHead(302, { Location: target.toString() });
        res.end();
        return;
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        const form = new URLSearchParams(body);
        let ok = false;
        const auth = req.headers.authorization;
        if (auth?.startsWith('Basic ') && b.acceptBasic) {
          const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
          ok = id === b.clientId && secret === b.clientSecret;
        } else if (!auth && b.acceptParams) {
          ok = form.get('client_id') === b.clientId && form.get('client_secret') === b.clientSecret;
        }
        if (!ok) return sendJson(401, { error: 'invalid_client' });
        if (form.get('grant_type') !== 'authorization_code' || form.get('code') !== idp.code) {
          return sendJson(400, { error: 'invalid_grant' });
        }
        const token: Record<string, unknown> = { access_token: idp.accessToken, token_type: 'Bearer', expires_in: 300 };
        if (b.idTokenClaims) token.id_token = unsignedJwt(b.idTokenClaims);
        return sendJson(200, token);
      }
      if (url.pathname === '/userinfo') {
        if (req.headers.authorization !== `Bearer ${idp.accessToken}`) return sendJson(401, { error: 'invalid_token' });
        return sendJson(b.userinfoStatus, b.userinfo);
      }
      if (url.pathname === '/end-session') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<!doctype html><title>Signed out</title><h1>You have been signed out</h1>');
        return;
      }
      sendJson(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  idp.url = `http://${host}:${port}`;
  idp.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return idp;
}
