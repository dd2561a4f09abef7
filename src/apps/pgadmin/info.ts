/**
 * pgAdmin 4: an application configured by its guide's code blocks (`config_local.py`, or `PGADMIN_CONFIG_*`
 * environment variables for its container), not through its UI. What the planner and the reports know of its
 * driver without loading it (src/apps/known.ts); the driver itself (bootstrap, applying the configuration, the SSO
 * login, who is signed in) is ./index.ts.
 */
import type { DriverInfo } from '../types.js';

export const pgadminDriverInfo: DriverInfo = {
  name: 'pgadmin',
  displayName: 'pgAdmin',
  takes: 'configuration',
  // pgAdmin names an OAuth2 user by the `email` claim unless OAUTH2_USERNAME_CLAIM says otherwise: its
  // authenticate/oauth2.py `_resolve_username` takes email first (then preferred_username, then sub) for an OIDC
  // provider (one with OAUTH2_SERVER_METADATA_URL), and only email otherwise. Seen on the real pgAdmin 9.18 from PyPI
  // (tests/e2e/pgadmin.spec.ts: the test user signs in as their email).
  defaultUserField: 'email',
};
