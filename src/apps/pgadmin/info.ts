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
  // An OpenID sign-in makes the `email` claim the pgAdmin username unless OAUTH2_USERNAME_CLAIM says otherwise
  // (pgAdmin 9.18 authenticate/oauth2.py _resolve_username); seen on the real pgAdmin 9.18 from PyPI.
  defaultUserField: 'email',
};
