/**
 * What a run needs to know about the instances it drives, whoever started them (compose, or instances that
 * already run: the "external" stack, which is also how the test stand-ins are reached).
 */
export type StackKind = 'compose' | 'external' | 'standins';

export interface Stack {
  kind: StackKind;
  /** Human label printed first in output and in every report, e.g. "standins (authentik stand-in 2026.8.3, ...)". */
  label: string;
  authentik: {
    /** Base URL that both the browser and the application's backend reach, without trailing slash. */
    url: string;
    /** API token (Bearer) of an authentik admin. Secret. */
    token: string;
    /** Version reported by the instance (GET /api/v3/admin/version/), filled in once it answers. */
    version: string | null;
  };
  app: {
    /** Driver name, e.g. "portainer". */
    name: string;
    url: string;
    adminUser: string;
    /** Secret. */
    adminPassword: string;
    version: string | null;
    /** Where the application reads the configuration a guide hands over as a file (e.g. pgAdmin's config_local.py). */
    configFile?: string;
    /** A shell command that restarts the application and returns once it answers. */
    restart?: string;
    /** The application's log file. */
    log?: string;
    /**
     * Sets environment variables of the application and recreates it with them (a container's configuration, e.g.
     * pgAdmin's PGADMIN_CONFIG_*); `{}` recreates it with none of a previous call's. Resolves once it answers again;
     * rejects with an AppRecreateError holding the application's own output when it does not come up. The values
     * go to the container engine's child process only, never to a file.
     */
    recreateWithEnv?: (vars: Record<string, string>) => Promise<void>;
    /** What the application logged since `sinceMs` (ms since the epoch), when its log is not a file (a container's). */
    logsSince?: (sinceMs: number) => Promise<string>;
    /**
     * Where another process reaches `recreateWithEnv` and `logsSince` (src/stack/app-control.ts): set for the
     * Playwright runner by `docproof run`, or in the external stack's env file for a stack another process started.
     */
    control?: { url: string; token: string };
  };
  /** The authentik user that signs in to the application; created by the run when it does not exist. */
  testUser: { username: string; email: string; name: string; password: string };
  /** Stops what this stack started; a no-op for external instances. */
  stop(): Promise<void>;
}

/** The application did not come back after `recreateWithEnv`: `output` is its own (its log, masked). */
export class AppRecreateError extends Error {
  override name = 'AppRecreateError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** Keys of the env file read by `--stack external --env-file F` and written by `npm run standins`. */
export const ENV_KEYS = {
  stackLabel: 'DOCPROOF_STACK_LABEL',
  authentikUrl: 'DOCPROOF_AUTHENTIK_URL',
  authentikToken: 'DOCPROOF_AUTHENTIK_TOKEN',
  appName: 'DOCPROOF_APP',
  appUrl: 'DOCPROOF_APP_URL',
  appAdminUser: 'DOCPROOF_APP_ADMIN_USER',
  appAdminPassword: 'DOCPROOF_APP_ADMIN_PASSWORD',
  /** The application's configuration file that docproof writes from the guide (pgAdmin's config_local.py); optional. */
  appConfigFile: 'DOCPROOF_APP_CONFIG_FILE',
  /** A shell command that restarts the application and returns once it answers (exit 0); optional. */
  appRestart: 'DOCPROOF_APP_RESTART',
  /** The application's log file, read for its own words when it refuses something; optional. */
  appLog: 'DOCPROOF_APP_LOG',
  /**
   * The application control server of a stack another process started (src/stack/app-control.ts: it recreates the
   * application's container with the guide's environment variables, and reads its log); optional, with its token.
   */
  appControlUrl: 'DOCPROOF_APP_CONTROL_URL',
  appControlToken: 'DOCPROOF_APP_CONTROL_TOKEN',
  testUser: 'DOCPROOF_TEST_USER',
  testUserEmail: 'DOCPROOF_TEST_USER_EMAIL',
  testUserPassword: 'DOCPROOF_TEST_USER_PASSWORD',
} as const;
