/**
 * The external stack: instances that already run, described by an env file (the keys of ENV_KEYS, as written by
 * `npm run standins` or by hand) and/or flags. Flags win over the file, the file wins over the process environment.
 * The test user is made per run (random name and password) unless the file names one.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { UsageError } from '../findings.js';
import { withAppControl } from './app-control.js';
import { newTestUser } from './random.js';
import { ENV_KEYS, type Stack } from './types.js';

export type StackValues = Partial<Record<keyof typeof ENV_KEYS, string>>;

export interface ExternalStackOptions {
  envFile?: string | undefined;
  /** Values given on the command line, by ENV_KEYS name (e.g. { authentikUrl: 'http://...' }). */
  flags?: StackValues;
  /** Defaults to process.env; tests pass their own. */
  env?: NodeJS.ProcessEnv;
}

const REQUIRED = ['authentikUrl', 'authentikToken', 'appName', 'appUrl', 'appAdminUser', 'appAdminPassword'] as const;

function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the env file (${code ?? (err as Error).message})`);
  }
  try {
    return parseEnv(text) as Record<string, string>;
  } catch (err) {
    throw new UsageError(`${file}: not an env file (${(err as Error).message.split('\n')[0]})`);
  }
}

function baseUrl(file: string, key: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${file}: ${key}="${value}" is not an absolute URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${file}: ${key} must be an http(s) URL`);
  return u.href.replace(/\/+$/, '');
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export function loadExternalStack(opts: ExternalStackOptions = {}): Stack {
  const env = opts.env ?? process.env;
  const fromFile = opts.envFile ? readEnvFile(opts.envFile) : {};
  const source = opts.envFile ?? 'environment';
  const get = (k: keyof typeof ENV_KEYS): string | undefined => {
    const v = opts.flags?.[k] ?? fromFile[ENV_KEYS[k]] ?? env[ENV_KEYS[k]];
    return v === undefined || v === '' ? undefined : v;
  };
  const missing = REQUIRED.filter((k) => get(k) === undefined).map((k) => ENV_KEYS[k]);
  if (missing.length) {
    const where = opts.envFile ? opts.envFile : 'the environment (no --env-file given)';
    throw new UsageError(`${where}: missing ${missing.join(', ')} for --stack external`);
  }
  const must = (k: (typeof REQUIRED)[number]) => get(k) as string;

  const testUser = newTestUser({ username: get('testUser'), email: get('testUserEmail'), password: get('testUserPassword') });
  const app = {
    name: must('appName'),
    url: baseUrl(source, ENV_KEYS.appUrl, must('appUrl')),
    adminUser: must('appAdminUser'),
    adminPassword: must('appAdminPassword'),
    version: null,
    // Optional: for an application a guide configures through a file (pgAdmin's config_local.py).
    ...optional('configFile', get('appConfigFile')),
    ...optional('restart', get('appRestart')),
    ...optional('log', get('appLog')),
    ...(get('appControlUrl') ? { control: { url: baseUrl(source, ENV_KEYS.appControlUrl, get('appControlUrl')!), token: get('appControlToken') ?? '' } } : {}),
  };
  if (app.control && !app.control.token) throw new UsageError(`${source}: ${ENV_KEYS.appControlUrl} needs ${ENV_KEYS.appControlToken}`);
  const authentik = { url: baseUrl(source, ENV_KEYS.authentikUrl, must('authentikUrl')), token: must('authentikToken'), version: null };
  return withAppControl({
    kind: 'external',
    label: get('stackLabel') ?? `external (authentik ${authentik.url}, ${app.name} ${app.url})`,
    authentik,
    app,
    testUser,
    stop: async () => {},
  });
}

/** The secrets of a stack, for the masker. */
export function stackSecrets(stack: Pick<Stack, 'authentik' | 'app' | 'testUser'>): string[] {
  return [stack.authentik.token, stack.app.adminPassword, stack.testUser.password, ...(stack.app.control ? [stack.app.control.token] : [])];
}
