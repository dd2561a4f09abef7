/**
 * The compose stack: the images present or pulled first (one line naming an image that cannot be pulled and the
 * variable that overrides it), `docker compose -p docproof-<random> -f compose.yaml up -d`, readiness per service
 * over HTTP with its own deadline (nothing that needs a recent engine: no `up --wait`, which fails on a service
 * whose healthcheck is disabled on podman and, per docker/compose#13522, on Docker; no `start_interval`, which
 * needs Docker 25), a service whose container stops while starting reported at once, compose's failures by the
 * line that explains them with the failing service's last log lines (secrets masked), and `down -v
 * --remove-orphans` after the run, on failure, on Ctrl-C / SIGTERM, and (synchronously) when the process exits
 * without having stopped it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../findings.js';
import {
  composeVersion,
  explainingLine,
  killLiveCalls,
  notUp,
  parsePs,
  runDocker,
  runDockerSync,
  servicesNamed,
  stopped,
  versionAtLeast,
  type DockerResult,
} from './docker.js';
import {
  COMPOSE_APPS,
  composeEnv,
  freePorts,
  IMAGE_VARS,
  PGADMIN_ADMIN_EMAIL,
  PORTAINER_ADMIN_USER,
  type ComposeApp,
  shortImage,
  varOf,
  type ComposeEnv,
  type ComposePorts,
  type ImageRole,
  type StackImages,
} from './env.js';
import { Masker } from './mask.js';
import { newTestUser, randomName } from './random.js';
import { AbortedError, authentikReady, DeadlineError, pgadminReady, portainerReady, type PollOptions, type ServiceDeadlines } from './readiness.js';
import { dockerEngineAnswers } from './select.js';
import { AppRecreateError, type Stack } from './types.js';

export const COMPOSE_FILE = fileURLToPath(new URL('../../compose.yaml', import.meta.url));

/** `environment:` secrets are in compose 2.20.0 (checked in its source). */
export const MIN_COMPOSE_VERSION = '2.20.0';

export const NO_ENGINE_MESSAGE = 'no Docker engine answers; use --stack external --env-file F (see npm run standins)';

/** Exit 2 through the run command, like every UsageError. */
export class NoDockerEngineError extends UsageError {
  override name = 'NoDockerEngineError';
  constructor() {
    super(NO_ENGINE_MESSAGE);
  }
}

/** Starting the stack failed (a deadline passed, compose failed, or Ctrl-C); the stack is already removed. */
export class ComposeStackError extends UsageError {
  override name = 'ComposeStackError';
}

export interface ComposeDeadlines extends ServiceDeadlines {
  /** Pulling the images that are missing (a first run), then `up -d`: creating, PostgreSQL healthy, starting. */
  containers: number;
  /** `down -v --remove-orphans`. */
  teardown: number;
}

export const DEFAULT_DEADLINES: ComposeDeadlines = {
  containers: 900_000,
  // authentik's first boot runs the migrations and applies every blueprint: minutes (reference section F).
  server: 300_000,
  worker: 300_000,
  portainer: 120_000,
  pgadmin: 120_000,
  teardown: 120_000,
};

export interface ComposeStackOptions {
  /** Default: docproof-<8 hex>, fresh per run. */
  projectName?: string;
  deadlines?: Partial<ComposeDeadlines>;
  /** Progress and the services' log lines, already masked. Default: stderr. */
  log?: (line: string) => void;
  /** Default: two ports free on 127.0.0.1 now. */
  ports?: ComposePorts;
  composeFile?: string;
  /** Between readiness attempts. */
  pollIntervalMs?: number;
  /** Default: `docker info` answers (src/stack/select.ts). */
  dockerAnswers?: () => boolean;
  /** Tear down on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  /** Where DOCPROOF_IMAGE_* overrides are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** How often `compose ps` looks for a container that stopped while the services become ready. */
  exitPollMs?: number;
  /** The application the guides are about (the driver's name): its service is started (default portainer). */
  app?: string;
  /** More applications to start beside it in the same project (the e2e suite's one stack for every suite). */
  alsoApps?: string[];
}

export interface ComposeStack extends Stack {
  kind: 'compose';
  project: string;
  images: StackImages;
  /** The roles whose image came from a DOCPROOF_IMAGE_* variable instead of src/versions.ts. */
  overridden: ImageRole[];
  /** The base URLs the guide's placeholders map onto (the same as authentik.url and app.url). */
  urls: ComposeEnv['urls'];
  /** The applications started beside `app` (alsoApps), by name. */
  others: Record<string, Stack['app']>;
}

/**
 * What the stack knows of each application of compose.yaml: its first admin, how to tell it is ready, and its
 * forwarders (the containers in its network namespace, recreated with it).
 */
const APPS: Record<ComposeApp, {
  displayName: string;
  adminUser: string;
  adminPasswordRole: 'portainerAdminPassword' | 'pgadminAdminPassword';
  ready: (url: string, deadlineMs: number, opts: PollOptions) => Promise<string>;
  forwarders: string[];
}> = {
  portainer: { displayName: 'Portainer', adminUser: PORTAINER_ADMIN_USER, adminPasswordRole: 'portainerAdminPassword', ready: portainerReady, forwarders: ['to-authentik'] },
  pgadmin: { displayName: 'pgAdmin', adminUser: PGADMIN_ADMIN_EMAIL, adminPasswordRole: 'pgadminAdminPassword', ready: pgadminReady, forwarders: ['pgadmin-to-authentik'] },
};

function composeApp(name: string): ComposeApp {
  if ((COMPOSE_APPS as readonly string[]).includes(name)) return name as ComposeApp;
  throw new UsageError(`compose.yaml has no service for the application "${name}" (it has ${COMPOSE_APPS.join(', ')}); use --stack external --env-file F`);
}

const LOG_TAIL = 50;
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;


const sleepFor = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export function newProjectName(): string {
  return randomName();
}

/** Only the options this module knows; `docproof run` passes its whole option bag. */
function readOptions(raw: ComposeStackOptions & Record<string, unknown>): Required<Omit<ComposeStackOptions, 'ports'>> & { ports?: ComposePorts } {
  const env = typeof raw.env === 'object' && raw.env !== null ? (raw.env as NodeJS.ProcessEnv) : process.env;
  const projectName = typeof raw.projectName === 'string' ? raw.projectName : newProjectName();
  if (!PROJECT_NAME.test(projectName)) {
    throw new UsageError(`compose project name "${projectName}": use lowercase letters, digits, "-" and "_"`);
  }
  const out: Required<Omit<ComposeStackOptions, 'ports'>> & { ports?: ComposePorts } = {
    projectName,
    deadlines: { ...DEFAULT_DEADLINES, ...(raw.deadlines ?? {}) },
    log: typeof raw.log === 'function' ? raw.log : (line) => process.stderr.write(`${line}\n`),
    composeFile: typeof raw.composeFile === 'string' ? raw.composeFile : COMPOSE_FILE,
    pollIntervalMs: typeof raw.pollIntervalMs === 'number' ? raw.pollIntervalMs : 2_000,
    dockerAnswers: typeof raw.dockerAnswers === 'function' ? raw.dockerAnswers : dockerEngineAnswers,
    handleSignals: raw.handleSignals !== false,
    env,
    exitPollMs: typeof raw.exitPollMs === 'number' ? raw.exitPollMs : 3_000,
    app: typeof raw.app === 'string' ? raw.app : 'portainer',
    alsoApps: Array.isArray(raw.alsoApps) ? raw.alsoApps.filter((a): a is string => typeof a === 'string') : [],
  };
  if (raw.ports) out.ports = raw.ports;
  return out;
}

/** An image as reports name it: short, and with the variable that set it when it is not the pinned one. */
export function imageLabel(env: Pick<ComposeEnv, 'images' | 'overridden'>, role: ImageRole): string {
  const image = shortImage(env.images[role]);
  return env.overridden.includes(role) ? `${image} set by ${IMAGE_VARS[role]}` : image;
}

export function stackLabel(project: string, env: ComposeEnv): string {
  const roles: ImageRole[] = ['authentik', ...env.apps, 'postgres'];
  if (env.overridden.includes('forwarder')) roles.push('forwarder');
  const [authentik, ...rest] = roles.map((r) => imageLabel(env, r));
  const urls = env.apps.map((a) => `${a} ${env.urls[a]}`).join(', ');
  return `compose (project ${project}: authentik ${[authentik, ...rest].join(', ')}; authentik ${env.urls.authentik}, ${urls})`;
}

/**
 * The per-run override that gives an application's service environment variables by NAME only: compose takes each
 * value from its own process environment, so no value (a client secret) is ever in a file.
 */
export function envOverride(service: string, names: string[]): string {
  for (const n of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new UsageError(`"${n}" is not an environment variable name`);
  }
  return `# Written by docproof for one recreation of ${service}: names only, the values stay in compose's environment.\nservices:\n  ${service}:\n    environment:\n${names.map((n) => `      - ${n}\n`).join('')}`;
}

/** An image the engine does not have and cannot pull: exit 2, one line naming the image and its variable. */
export class ImagePullError extends UsageError {
  override name = 'ImagePullError';
}

/** One compose project: its CLI calls, all with the per-run variables and masked output. */
class Project {
  constructor(
    readonly name: string,
    readonly file: string,
    readonly env: ComposeEnv,
    readonly masker: Masker,
  ) {}

  args(...rest: string[]): string[] {
    return ['compose', '-p', this.name, '-f', this.file, ...rest];
  }

  call(rest: string[], timeoutMs: number, signal?: AbortSignal): Promise<DockerResult> {
    return runDocker(this.args(...rest), { env: this.env.vars, timeoutMs, ...(signal ? { signal } : {}) });
  }

  downArgs(): string[] {
    return this.args('down', '-v', '--remove-orphans', '--timeout', '5');
  }

  /** The last log lines of a service (or of all), masked, as lines. */
  async logs(service: string | null): Promise<string[]> {
    const r = await this.call(['logs', '--no-color', '--tail', String(LOG_TAIL), ...(service ? [service] : [])], 30_000);
    const text = this.masker.mask(`${r.stdout}${r.stderr}`).trimEnd();
    return text ? text.split('\n') : ['(no log lines)'];
  }

  async states(): Promise<ReturnType<typeof parsePs>> {
    const r = await this.call(['ps', '-a', '--format', 'json'], 30_000);
    return r.code === 0 ? parsePs(r.stdout) : [];
  }

  /** What a service logged since `sinceMs` (ms since the epoch), masked. */
  async logsSince(service: string, sinceMs: number): Promise<string> {
    const r = await this.call(['logs', '--no-color', '--no-log-prefix', '--since', new Date(sinceMs).toISOString(), service], 30_000);
    return this.masker.mask(`${r.stdout}${r.stderr}`);
  }

  async failingServices(): Promise<string[]> {
    return notUp(await this.states());
  }
}

/**
 * Every image of the run present, or pulled now, one by one, so that a failure names its image: the pinned tags
 * cannot be pulled behind a registry mirror or without a registry, and the variable that overrides the image is
 * the way out. Returns null, or the one line that says which image could not be pulled, and why.
 */
async function ensureImages(env: ComposeEnv, masker: Masker, log: (line: string) => void, deadlineMs: number, signal: AbortSignal): Promise<string | null> {
  const until = Date.now() + deadlineMs;
  const roles = new Map<string, ImageRole[]>();
  const used: ImageRole[] = ['postgres', 'authentik', 'forwarder', ...env.apps];
  for (const role of used) roles.set(env.images[role], [...(roles.get(env.images[role]) ?? []), role]);
  for (const [image, of] of roles) {
    const present = await runDocker(['image', 'inspect', '--format', '{{.Id}}', image], { timeoutMs: 30_000, signal });
    if (signal.aborted) return 'interrupted';
    if (present.code === 0) continue;
    log(`compose: pulling ${image}`);
    const left = Math.max(1_000, until - Date.now());
    const pull = await runDocker(['pull', image], { timeoutMs: left, signal });
    if (signal.aborted) return 'interrupted';
    if (pull.code === 0) continue;
    const why = pull.timedOut ? `no answer in ${Math.round(left / 1000)} s` : explainingLine(masker.mask(pull.stderr)) || `exit ${pull.code}`;
    const vars = of.map((r) => IMAGE_VARS[r]).join(' / ');
    return `cannot pull image ${image} (${why}); set ${vars} to an image this Docker engine has or can pull`;
  }
  return null;
}

/**
 * Keeps the promise that the stack goes away: signal handlers while it runs (during start they abort the start;
 * afterwards they tear down and exit only when nobody else handles the signal, since `docproof run` forwards
 * Ctrl-C to its runner and then calls stop()), and a synchronous `down` on process exit as the last resort.
 */
class Teardown {
  #done: Promise<void> | null = null;
  #stopped = false;
  readonly #abort = new AbortController();
  #starting = true;
  #signalled: NodeJS.Signals | null = null;
  readonly #onSignal = (sig: NodeJS.Signals) => this.#signal(sig);
  readonly #onExit = () => this.#exitSync();

  constructor(
    private readonly project: Project,
    private readonly deadlineMs: number,
    private readonly log: (line: string) => void,
    private readonly handleSignals: boolean,
  ) {
    if (handleSignals) {
      process.on('SIGINT', this.#onSignal);
      process.on('SIGTERM', this.#onSignal);
    }
    process.on('exit', this.#onExit);
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get signalled(): NodeJS.Signals | null {
    return this.#signalled;
  }

  started(): void {
    this.#starting = false;
  }

  #signal(sig: NodeJS.Signals): void {
    if (this.#starting) {
      if (this.#signalled) return; // already stopping
      this.#signalled = sig;
      this.log(`compose: ${sig}: stopping the start of ${this.project.name} and removing it`);
      this.#abort.abort();
      return;
    }
    // Someone else (the run engine, Playwright's runner) handles it and will call stop().
    if (process.listenerCount(sig) > 1) return;
    this.#signalled = sig;
    this.log(`compose: ${sig}: removing ${this.project.name}`);
    void this.stop().finally(() => process.exit(SIGNAL_EXIT[sig] ?? 1));
  }

  /** `down -v --remove-orphans`; idempotent. */
  stop(): Promise<void> {
    this.#done ??= (async () => {
      this.#abort.abort();
      const r = await runDocker(this.project.downArgs(), { env: this.project.env.vars, timeoutMs: this.deadlineMs });
      this.#stopped = true;
      this.#unregister();
      if (r.code !== 0) {
        const why = r.timedOut ? `no answer in ${Math.round(this.deadlineMs / 1000)} s` : explainingLine(this.project.masker.mask(r.stderr)) || `exit ${r.code}`;
        this.log(`compose: could not remove ${this.project.name} (${why}); remove it with: docker compose -p ${this.project.name} down -v --remove-orphans`);
      } else {
        this.log(`compose: removed ${this.project.name} (containers, networks, volumes)`);
      }
    })();
    return this.#done;
  }

  /** Nothing was created (the images step failed before `up`): no `down` to run, only the handlers to remove. */
  release(): void {
    this.#done ??= Promise.resolve();
    this.#stopped = true;
    this.#unregister();
  }

  #exitSync(): void {
    if (this.#stopped || this.#done) return;
    this.#stopped = true;
    killLiveCalls();
    runDockerSync(this.project.downArgs(), { env: this.project.env.vars, timeoutMs: this.deadlineMs });
  }

  #unregister(): void {
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
    process.off('exit', this.#onExit);
  }
}

async function checkDocker(dockerAnswers: () => boolean): Promise<void> {
  if (!dockerAnswers()) throw new NoDockerEngineError();
  const version = await composeVersion();
  if (version === null) {
    throw new UsageError(`the Docker engine answers but \`docker compose\` does not: install Docker Compose v2 (${MIN_COMPOSE_VERSION} or later), or use --stack external --env-file F`);
  }
  if (!versionAtLeast(version, MIN_COMPOSE_VERSION)) {
    throw new UsageError(`docker compose ${version} is too old: docproof needs ${MIN_COMPOSE_VERSION} or later`);
  }
}

export async function startComposeStack(options: ComposeStackOptions = {}): Promise<ComposeStack> {
  const opts = readOptions(options as ComposeStackOptions & Record<string, unknown>);
  const d = opts.deadlines as ComposeDeadlines;
  await checkDocker(opts.dockerAnswers);

  const app = composeApp(opts.app);
  const appInfo = APPS[app];
  const others = [...new Set(opts.alsoApps.map(composeApp))].filter((a) => a !== app);
  const env = composeEnv(opts.ports ?? (await freePorts()), opts.env, [app, ...others]);
  const masker = new Masker(env.secrets);
  const log = (line: string) => opts.log(masker.mask(line));
  const project = new Project(opts.projectName, opts.composeFile, env, masker);
  const teardown = new Teardown(project, d.teardown, log, opts.handleSignals);
  const poll = { intervalMs: opts.pollIntervalMs, signal: teardown.signal };

  const fail = async (message: string, services: string[] | null): Promise<never> => {
    if (!teardown.signalled && services !== null) {
      for (const svc of services.length ? services : [null]) {
        log(`compose: last ${LOG_TAIL} log lines of ${svc ?? 'every service'}:`);
        for (const line of await project.logs(svc)) log(`  ${line}`);
      }
    }
    await teardown.stop();
    const reason = teardown.signalled ? `interrupted by ${teardown.signalled} while starting the compose stack` : message;
    throw new ComposeStackError(`${masker.mask(reason)}; the stack ${project.name} was removed`);
  };

  log(`compose: starting ${stackLabel(project.name, env)}`);
  const started = Date.now();
  const cannotPull = await ensureImages(env, masker, log, d.containers, teardown.signal);
  if (cannotPull !== null && !teardown.signalled) {
    teardown.release();
    throw new ImagePullError(masker.mask(cannotPull));
  }
  if (teardown.signalled) return fail('interrupted', null);

  // `up -d` returns once every container is started; `depends_on: service_healthy` makes it wait for PostgreSQL's
  // healthcheck first. Readiness after that is docproof's own, over HTTP, on any engine.
  const upDeadline = Math.max(1_000, d.containers - (Date.now() - started));
  const up = await project.call(['up', '-d'], upDeadline, teardown.signal);
  if (up.code !== 0 || up.aborted) {
    const line = masker.mask(explainingLine(up.stderr));
    const why = up.timedOut ? `no answer in ${Math.round(upDeadline / 1000)} s` : line || `exit ${up.code}`;
    const services = teardown.signalled ? null : [...new Set([...servicesNamed(line, project.name), ...(await project.failingServices())])];
    return fail(`docker compose up failed: ${why}`, services);
  }

  // While the services become ready, a container that stops (a crash, a bad image) ends the wait at once.
  const watch = new AbortController();
  let gone: { service: string; exitCode: number | null } | null = null;
  const readiness = new AbortController();
  const watcher = (async () => {
    while (!watch.signal.aborted) {
      await sleepFor(opts.exitPollMs, watch.signal);
      if (watch.signal.aborted) return;
      const down = stopped(await project.states());
      if (down.length && !watch.signal.aborted) {
        gone = { service: down[0]!.service, exitCode: down[0]!.exitCode };
        readiness.abort();
        return;
      }
    }
  })();
  const readyPoll = { ...poll, signal: AbortSignal.any([teardown.signal, readiness.signal]) };

  let authentikVersion: string | null;
  let appVersion: string;
  let otherVersions: string[];
  try {
    [authentikVersion, appVersion, ...otherVersions] = await Promise.all([
      authentikReady(env.urls.authentik, varOf(env, 'bootstrapToken'), d, readyPoll),
      appInfo.ready(env.urls[app], d[app], readyPoll),
      ...others.map((o) => APPS[o].ready(env.urls[o], d[o], readyPoll)),
    ]);
  } catch (err) {
    watch.abort();
    await watcher;
    const exited = gone as { service: string; exitCode: number | null } | null;
    if (exited && !teardown.signalled) {
      const code = exited.exitCode === null ? '' : ` with exit code ${exited.exitCode}`;
      return fail(`${exited.service}: its container stopped${code} before the stack was ready`, [exited.service]);
    }
    if (err instanceof DeadlineError) return fail(err.message, [err.service]);
    if (err instanceof AbortedError) return fail(err.message, null);
    await teardown.stop();
    throw err;
  }
  watch.abort();
  await watcher;
  if (teardown.signalled) return fail('interrupted', null);
  teardown.started();
  const otherLabels = others.map((o, i) => `, ${APPS[o].displayName} ${otherVersions[i]} at ${env.urls[o]}`).join('');
  log(`compose: ready: authentik ${authentikVersion ?? '(version unknown)'} at ${env.urls.authentik}, ${appInfo.displayName} ${appVersion} at ${env.urls[app]}${otherLabels}`);
  const appOf = (name: ComposeApp, version: string): Stack['app'] => ({
    name,
    url: env.urls[name],
    adminUser: APPS[name].adminUser,
    adminPassword: varOf(env, APPS[name].adminPasswordRole),
    version,
    recreateWithEnv: (vars) => recreateApp(project, name, vars, { deadlineMs: d[name], intervalMs: opts.pollIntervalMs, exitPollMs: opts.exitPollMs }),
    logsSince: (since) => project.logsSince(name, since),
  });

  return {
    kind: 'compose',
    label: stackLabel(project.name, env),
    project: project.name,
    images: env.images,
    overridden: env.overridden,
    urls: env.urls,
    authentik: { url: env.urls.authentik, token: varOf(env, 'bootstrapToken'), version: authentikVersion },
    app: appOf(app, appVersion),
    others: Object.fromEntries(others.map((o, i) => [o, appOf(o, otherVersions[i]!)])),
    testUser: newTestUser(),
    stop: () => teardown.stop(),
  };
}

/**
 * Recreates an application's service (and its forwarders, which live in its network namespace) with `vars` added
 * to its environment, then waits until it answers. A container that stops on the way (pgAdmin refusing its
 * configuration exits) ends the wait at once; the error carries the service's log lines, masked.
 */
async function recreateApp(
  project: Project,
  app: ComposeApp,
  vars: Record<string, string>,
  o: { deadlineMs: number; intervalMs: number; exitPollMs: number },
): Promise<void> {
  const info = APPS[app];
  const names = Object.keys(vars);
  const dir = names.length ? mkdtempSync(path.join(tmpdir(), 'docproof-compose-')) : null;
  const files = ['-f', project.file];
  if (dir) {
    const file = path.join(dir, 'app-env.yaml');
    writeFileSync(file, envOverride(app, names), { mode: 0o600 });
    files.push('-f', file);
  }
  const since = Date.now();
  try {
    const env = { ...project.env.vars, ...vars };
    // The forwarders share the application's network namespace: they go first (podman refuses to remove a container
    // whose namespace another one uses), and come back with it.
    const steps = [
      ['compose', '-p', project.name, ...files, 'rm', '--stop', '--force', ...info.forwarders],
      ['compose', '-p', project.name, ...files, 'up', '-d', '--force-recreate', '--no-deps', app, ...info.forwarders],
    ];
    for (const args of steps) {
      const r = await runDocker(args, { env, timeoutMs: o.deadlineMs });
      // The engine failing is the stack's problem, not the application refusing its configuration.
      if (r.code !== 0) throw new Error(`recreating ${app}: docker ${args.slice(4).join(' ')} failed: ${project.masker.mask(explainingLine(r.stderr)) || `exit ${r.code}`}`);
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  const gone = new AbortController();
  const watcher = (async () => {
    while (!gone.signal.aborted) {
      await sleepFor(o.exitPollMs, gone.signal);
      if (gone.signal.aborted) return;
      if (stopped(await project.states()).some((s) => s.service === app)) gone.abort();
    }
  })();
  try {
    await info.ready(project.env.urls[app], o.deadlineMs, { intervalMs: o.intervalMs, signal: gone.signal });
  } catch (err) {
    const output = await project.logsSince(app, since);
    if (err instanceof AbortedError || gone.signal.aborted) throw new AppRecreateError(`${app}: its container stopped after it was recreated`, output);
    if (err instanceof DeadlineError) throw new AppRecreateError(err.message, output);
    throw err;
  } finally {
    if (!gone.signal.aborted) gone.abort();
    await watcher;
  }
}
