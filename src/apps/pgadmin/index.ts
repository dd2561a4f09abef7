/**
 * pgAdmin 4: an application configured by its guide's code blocks (`config_local.py`, or `PGADMIN_CONFIG_*`
 * environment variables for its container), not through its UI. This file registers what the planner and the
 * reports need to know of the driver; the driver itself (bootstrap, applying the configuration, the SSO login,
 * who is signed in) is built here by the pgAdmin driver's work (issue 13) and replaces this registration.
 */
import type { DriverInfo } from '../types.js';

export const pgadminDriverInfo: DriverInfo = {
  name: 'pgadmin',
  displayName: 'pgAdmin',
  takes: 'configuration',
  // pgAdmin names an OAuth2 user by the `email` claim unless OAUTH2_USERNAME_CLAIM says otherwise (pgAdmin's
  // authenticate/oauth2.py); not verified against a running pgAdmin here.
  defaultUserField: 'email',
};
