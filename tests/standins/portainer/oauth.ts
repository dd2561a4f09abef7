/**
 * Portainer's server-side half of the OAuth login (reference portainer.md 2.5 and 3.6, api/oauth/oauth.go):
 * 1. url.QueryUnescape(code), then golang.org/x/oauth2 Config.Exchange at AccessTokenURI: form-encoded
 *    grant_type=authorization_code, code, redirect_uri=RedirectURI; client credentials per AuthStyle
 *    (0 AutoDetect: HTTP Basic first, then in the body; 1 InParams; 2 InHeader); no PKCE, no scope.
 * 2. id_token (if any) parsed WITHOUT verification into a claims map.
 * 3. GET ResourceURI with `Authorization: Bearer <access_token>`; anything but 200 is an error; JSON, or
 *    form-encoded when the Content-Type is application/x-www-form-urlencoded or text/plain.
 * 4. Merge (userinfo overrides id_token) and look UserIdentifier up as a flat top-level key.
 * Backend calls use Node's fetch (the stand-in's equivalent of Go's default HTTP client).
 */
import { parseUnverified } from './jwt.js';
import type { OAuthSettings } from './settings.js';

export type OAuthStage = 'failed retrieving oauth token' | 'failed retrieving resource' | 'failed retrieving username';

export class OAuthFailure extends Error {
  override name = 'OAuthFailure';
  constructor(
    readonly stage: OAuthStage,
    /** The underlying error text, as Portainer logs it. */
    readonly reason: string,
    /** Token values received before the failure, so the caller can keep them out of logs. */
    readonly receivedSecrets: string[] = [],
  ) {
    super(`${stage}: ${reason}`);
  }
}

export interface OAuthResult {
  username: string;
  /** Non-fatal problems Portainer logs and carries on from (an id_token it cannot parse). */
  warnings: string[];
  /** Token values received, so the caller can keep them out of logs. */
  receivedSecrets: string[];
}

const BACKEND_TIMEOUT_MS = 30_000;

/** Go's url.QueryUnescape: '+' is a space, %XX a byte; a malformed escape is an error. */
export function goQueryUnescape(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error(`invalid URL escape "${s.slice(i, i + 3)}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+') {
      bytes.push(0x20);
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Go's url.QueryEscape: unreserved bytes kept, space as '+', everything else %XX (upper case). */
export function goQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's url.Values.Encode: keys sorted. */
function encodeForm(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((k) => `${goQueryEscape(k)}=${goQueryEscape(values[k]!)}`)
    .join('&');
}

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function formToMap(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) if (!(k in out)) out[k] = v;
  return out;
}

interface Token {
  accessToken: string;
  raw: Record<string, unknown>;
  rawIsForm: boolean;
}

class RetrieveError extends Error {}

function retrieveErrorText(status: string, body: string, code: string, desc: string, uri: string): string {
  if (code) {
    let s = `oauth2: ${JSON.stringify(code)}`;
    if (desc) s += ` ${JSON.stringify(desc)}`;
    if (uri) s += ` ${JSON.stringify(uri)}`;
    return s;
  }
  return `oauth2: cannot fetch token: ${status}\nResponse: ${body}`;
}

function fetchFailure(method: string, url: string, err: unknown): Error {
  const e = err as Error & { cause?: unknown };
  const cause = e.cause instanceof Error ? e.cause.message : e.message;
  return new Error(`${method} "${url}": ${cause}`);
}

/** golang.org/x/oauth2 internal doTokenRoundTrip (v0.18). */
async function tokenRoundTrip(url: string, headers: Record<string, string>, body: string): Promise<Token> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) });
  } catch (err) {
    throw fetchFailure('Post', url, err);
  }
  const text = (await res.text()).slice(0, 1 << 20);
  const status = `${res.status} ${res.statusText}`;
  const failure = res.status < 200 || res.status > 299;
  const type = mediaType(res.headers.get('content-type'));
  let token: Token;
  let code = '';
  let desc = '';
  let uri = '';
  if (type === 'application/x-www-form-urlencoded' || type === 'text/plain') {
    const vals = formToMap(text);
    code = vals.error ?? '';
    desc = vals.error_description ?? '';
    uri = vals.error_uri ?? '';
    token = { accessToken: vals.access_token ?? '', raw: vals, rawIsForm: true };
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      if (failure) throw new RetrieveError(retrieveErrorText(status, text, '', '', ''));
      throw new Error(`oauth2: cannot parse json: ${(err as Error).message}`);
    }
    const obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    code = typeof obj.error === 'string' ? obj.error : '';
    desc = typeof obj.error_description === 'string' ? obj.error_description : '';
    uri = typeof obj.error_uri === 'string' ? obj.error_uri : '';
    token = { accessToken: typeof obj.access_token === 'string' ? obj.access_token : '', raw: obj, rawIsForm: false };
  }
  if (failure || code) throw new RetrieveError(retrieveErrorText(status, text, code, desc, uri));
  if (!token.accessToken) throw new Error('oauth2: server response missing access_token');
  return token;
}

/** Config.Exchange with golang.org/x/oauth2's AuthStyle handling. */
async function exchange(code: string, o: OAuthSettings): Promise<Token> {
  const params: Record<string, string> = { grant_type: 'authorization_code', code };
  if (o.RedirectURI !== '') params.redirect_uri = o.RedirectURI;

  const attempt = (style: 1 | 2): Promise<Token> => {
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const values = { ...params };
    if (style === 1) {
      values.client_id = o.ClientID;
      if (o.ClientSecret !== '') values.client_secret = o.ClientSecret;
    } else {
      const basic = Buffer.from(`${goQueryEscape(o.ClientID)}:${goQueryEscape(o.ClientSecret)}`).toString('base64');
      headers.Authorization = `Basic ${basic}`;
    }
    return tokenRoundTrip(o.AccessTokenURI, headers, encodeForm(values));
  };

  if (o.AuthStyle === 1) return attempt(1);
  if (o.AuthStyle === 2) return attempt(2);
  try {
    return await attempt(2);
  } catch {
    return attempt(1);
  }
}

/** oauth2.Token.Extra("id_token") then getIdToken. */
function idTokenClaims(token: Token, warnings: string[]): Record<string, unknown> {
  // Token.Extra: a JSON body gives nil for a missing key (skipped), a form body gives "" (which fails to parse).
  const value = token.rawIsForm ? (token.raw.id_token ?? '') : token.raw.id_token;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') {
    warnings.push('failed parsing id_token: id_token is not a string');
    return {};
  }
  try {
    return { ...parseUnverified(value) };
  } catch (err) {
    warnings.push(`failed parsing id_token: failed to parse id_token: ${(err as Error).message}`);
    return {};
  }
}

/** getResource. */
async function resource(accessToken: string, uri: string): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(uri, {
      method: 'GET',
      headers: { Authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS),
    });
  } catch (err) {
    throw fetchFailure('Get', uri, err);
  }
  const text = await res.text();
  if (res.status !== 200) throw new Error(retrieveErrorText(`${res.status} ${res.statusText}`, text, '', '', ''));
  const type = mediaType(res.headers.get('content-type'));
  if (type === 'application/x-www-form-urlencoded' || type === 'text/plain') return formToMap(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error((err as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed;
    if (parsed === null) return {};
    throw new Error(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return parsed as Record<string, unknown>;
}

/** getUsername: flat lookup; a non-empty string, or a non-zero number as an integer string. */
export function extractUsername(datamap: Record<string, unknown>, userIdentifier: string): string {
  const v = Object.prototype.hasOwnProperty.call(datamap, userIdentifier) ? datamap[userIdentifier] : undefined;
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && v !== 0) return String(Math.trunc(v));
  throw new Error('failed to extract username from oauth resource');
}

export async function authenticateOAuth(rawCode: string, o: OAuthSettings): Promise<OAuthResult> {
  const warnings: string[] = [];
  const receivedSecrets: string[] = [];
  let token: Token;
  try {
    token = await exchange(goQueryUnescape(rawCode), o);
  } catch (err) {
    throw new OAuthFailure('failed retrieving oauth token', (err as Error).message);
  }
  receivedSecrets.push(token.accessToken);
  for (const k of ['id_token', 'refresh_token']) {
    const v = token.raw[k];
    if (typeof v === 'string' && v) receivedSecrets.push(v);
  }
  const claims = idTokenClaims(token, warnings);
  let userinfo: Record<string, unknown>;
  try {
    userinfo = await resource(token.accessToken, o.ResourceURI);
  } catch (err) {
    throw new OAuthFailure('failed retrieving resource', (err as Error).message, receivedSecrets);
  }
  const merged = { ...claims, ...userinfo };
  try {
    return { username: extractUsername(merged, o.UserIdentifier), warnings, receivedSecrets };
  } catch (err) {
    throw new OAuthFailure('failed retrieving username', (err as Error).message, receivedSecrets);
  }
}
