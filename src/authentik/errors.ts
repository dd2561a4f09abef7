/**
 * Turns what the generated client throws (ResponseError, FetchError, RequiredError) into one line that says what
 * we tried, what authentik answered (status and its error body) and never the API token, even when a server
 * echoes the Authorization header back in its body.
 */
import { FetchError, RequiredError, ResponseError } from '@goauthentik/api';
import { Masker } from '../stack/mask.js';

const MAX_BODY_CHARS = 400;

export class AuthentikApiError extends Error {
  override name = 'AuthentikApiError';
  constructor(
    message: string,
    /** HTTP status when authentik answered, null when it could not be reached. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Text on one line, runs of white space folded. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function bodyOf(response: Response): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return '(no body)';
  }
  if (!text.trim()) return '(empty body)';
  try {
    text = JSON.stringify(JSON.parse(text)); // authentik answers JSON; compact it onto one line
  } catch {
    // not JSON (an HTML error page from a proxy, say): keep it as text
  }
  text = oneLine(text);
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text;
}

function causeOf(err: FetchError): string {
  const cause = err.cause as (Error & { cause?: { code?: string; message?: string } }) | undefined;
  if (!cause) return err.message;
  if (cause.name === 'AbortError' || cause.name === 'TimeoutError') return 'no answer in time';
  const inner = cause.cause;
  return oneLine(inner?.code ?? inner?.message ?? cause.message);
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/** The one-line error for a failed API call; `what` says what we tried, e.g. `create OAuth2 provider "X"`. */
export async function toApiError(err: unknown, what: string, baseUrl: string, token: string): Promise<AuthentikApiError> {
  let message: string;
  let status: number | null = null;
  if (err instanceof ResponseError) {
    const r = err.response;
    status = r.status;
    const statusText = r.statusText ? ` ${r.statusText}` : '';
    message = `authentik API: ${what} failed: HTTP ${r.status}${statusText} from ${pathOf(r.url)}: ${await bodyOf(r)}`;
  } else if (err instanceof FetchError) {
    message = `authentik API: ${what} failed: cannot reach ${baseUrl} (${causeOf(err)})`;
  } else if (err instanceof RequiredError) {
    message = `authentik API: ${what} failed: missing required field ${err.field}`;
  } else if (err instanceof AuthentikApiError) {
    return err;
  } else {
    message = `authentik API: ${what} failed: ${err instanceof Error ? oneLine(err.message) : String(err)}`;
  }
  return new AuthentikApiError(new Masker([token]).mask(message), status);
}
