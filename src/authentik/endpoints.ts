/** authentik's global OAuth2 endpoints, `/application/o/<name>/` (reference/authentik.md section C). */
export const GLOBAL_ENDPOINTS = ['authorize', 'token', 'userinfo', 'introspect', 'revoke', 'device'] as const;
/** Slugs an application cannot have, since its per-slug URLs would collide: authentik's `Application.reserved_slugs`. */
export const RESERVED_SLUGS: readonly string[] = GLOBAL_ENDPOINTS;
