/**
 * The online link check behind `--check-links`: HEAD (GET when HEAD is refused), redirects followed, a timeout per
 * URL, at most `concurrency` requests at once across all guides, each URL asked once per run.
 */
import type { UrlCheck } from './rule.js';

export interface UrlCheckerOptions {
  concurrency?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createUrlChecker(opts: UrlCheckerOptions = {}): (url: string) => Promise<UrlCheck> {
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const timeoutMs = opts.timeoutMs ?? 8000;
  const doFetch = opts.fetch ?? fetch;
  const cache = new Map<string, Promise<UrlCheck>>();
  let active = 0;
  const waiting: (() => void)[] = [];

  const acquire = async () => {
    if (active < concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  const request = async (url: string, method: 'HEAD' | 'GET'): Promise<Response> => {
    const res = await doFetch(url, {
      method,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'user-agent': 'docproof-link-check' },
    });
    await res.body?.cancel().catch(() => undefined);
    return res;
  };

  const check = async (url: string): Promise<UrlCheck> => {
    await acquire();
    try {
      let res = await request(url, 'HEAD');
      if (res.status === 405 || res.status === 501 || res.status === 403) res = await request(url, 'GET');
      return res.ok ? { ok: true, status: res.status } : { ok: false, status: res.status, reason: `HTTP ${res.status}` };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const reason =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${timeoutMs} ms`
          : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)).split('\n')[0]!;
      return { ok: false, status: null, reason };
    } finally {
      release();
    }
  };

  return (url) => {
    let p = cache.get(url);
    if (!p) {
      p = check(url);
      cache.set(url, p);
    }
    return p;
  };
}
