/**
 * Which authentik docproof can drive, and what each version has. docproof reads the server's version before any
 * other call (`GET /api/v3/admin/version/`, whose `version_current` every release line answers the same way) and
 * uses only what that version has; an authentik outside the supported window is refused in one line.
 */
import { PINNED } from '../versions.js';

/** A release line, e.g. `2026.5` for `2026.5.0-rc1` or `2026.5.6`. */
export interface ReleaseLine {
  year: number;
  month: number;
}

export interface ServerCapabilities {
  /**
   * Redirect URIs carry a type, `authorization` or `logout` ("Post Logout"), from 2026.5 on
   * (authentik/providers/oauth2/api/providers.py, RedirectURISerializer.redirect_uri_type; not in 2026.2.2 or
   * 2025.12.4). An older server's serializer drops the unknown key, so a post-logout URI sent to it would silently
   * become one more authorization URI.
   */
  redirectUriTypes: boolean;
}

export interface ServerVersion {
  /** As the server reports it, e.g. "2026.5.0-rc1". */
  version: string;
  line: ReleaseLine;
  capabilities: ServerCapabilities;
}

/** "2026.5.0-rc1" → { year: 2026, month: 5 }; null when the text is not an authentik version. */
export function releaseLineOf(version: string): ReleaseLine | null {
  const m = /^(\d{4})\.(\d{1,2})(?:\.|$|-)/.exec(version.trim());
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function formatLine(l: ReleaseLine): string {
  return `${l.year}.${l.month}`;
}

function compare(a: ReleaseLine, b: ReleaseLine): number {
  return a.year - b.year || a.month - b.month;
}

/** The release lines docproof is tested against (PINNED.authentik.supported), oldest and newest. */
export const SUPPORTED_WINDOW: { oldest: ReleaseLine; newest: ReleaseLine } = {
  oldest: releaseLineOf(PINNED.authentik.supported.oldest)!,
  newest: releaseLineOf(PINNED.authentik.supported.newest)!,
};

export function windowText(): string {
  return `${formatLine(SUPPORTED_WINDOW.oldest)} to ${formatLine(SUPPORTED_WINDOW.newest)}`;
}

/** Whether a line is inside the supported window. */
export function isSupported(line: ReleaseLine): boolean {
  return compare(line, SUPPORTED_WINDOW.oldest) >= 0 && compare(line, SUPPORTED_WINDOW.newest) <= 0;
}

export function capabilitiesOf(line: ReleaseLine): ServerCapabilities {
  return { redirectUriTypes: compare(line, { year: 2026, month: 5 }) >= 0 };
}

/**
 * The server's version with what it has, or why docproof cannot drive it (one line: the version and the
 * supported window).
 */
export function serverVersion(version: string): { ok: true; value: ServerVersion } | { ok: false; reason: string } {
  const line = releaseLineOf(version);
  if (!line) return { ok: false, reason: `reports version "${version}", which is not an authentik release (YYYY.M.P)` };
  if (!isSupported(line)) {
    return {
      ok: false,
      reason: `is authentik ${version}; docproof supports the release lines ${windowText()}`,
    };
  }
  return { ok: true, value: { version, line, capabilities: capabilitiesOf(line) } };
}
