/**
 * The compose stack: `docker compose -p docproof-<random> -f compose.yaml up -d --wait`, readiness per service with
 * its own deadline, the service's last log lines (secrets masked) when a deadline passes, and `down -v
 * --remove-orphans` after the run, on failure, on Ctrl-C / SIGTERM, and (synchronously) when the process exits
 * without having stopped it.
 */
import { fileURLToPath } from 'node:url';
import { UsageError } from '../findings.js';
import { PINNED } from '../versions.js';
import { composeVersion, killLiveCalls, notUp, parsePs, runDocker, runDockerSync, versionAtLeast, type DockerResult } from './docker.js';
import { composeEnv, freePorts, PORTAINER_ADMIN_USER, shortImage, varOf, type ComposeEnv, type ComposePorts } from './env.js';
import { Masker } from './mask.js';
import { newTestUser, randomName } from './random.js';
import { AbortedError, authentikReady, DeadlineError, portainerReady, type ServiceDeadlines } from './readiness.js';
import { dockerEngineAnswers } from './select.js';
import type { Stack } from './types.js';

export const COMPOSE_FILE = fileURLToPath(new URL('../../compose.yaml', import.meta.url));

/** `environment:` secrets and `up --wait-timeout` are in compose 2.20.0 (checked in its source). */
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
  /** `up --wait`: pulling images on a first run, creating, starting, PostgreSQL healthy. */
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
}

export interface ComposeStack extends Stack {
  kind: 'compose';
  project: string;
  images: typeof PINNED.images;
  /** The base URLs the guide's placeholders map onto (the same as authentik.url and app.url). */
  urls: { authentik: string; portainer: string };
}

const LOG_TAIL = 50;
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
}

export function newProjectName(): string {
  return randomName();
}

/** Only the options this module knows; `docproof run` passes its whole option bag. */
function readOptions(raw: ComposeStackOptions & Record<string, unknown>): Required<Omit<ComposeStackOptions, 'ports'>> & { ports?: ComposePorts } {
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
  };
  if (raw.ports) out.ports = raw.ports;
  return out;
}

export function stackLabel(project: string, env: ComposeEnv): string {
  const i = env.images;
  return (
    `compose (project ${project}: authentik ${shortImage(i.authentik)}, ${shortImage(i.portainer)}, ${shortImage(i.postgres)}; ` +
    `authentik ${env.urls.authentik}, portainer ${env.urls.portainer})`
  );
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

  async failingServices(): Promise<string[]> {
    const r = await this.call(['ps', '-a', '--format', 'json'], 30_000);
    return r.code === 0 ? notUp(parsePs(r.stdout)) : [];
  }
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
        const why = r.timedOut ? `no answer in ${Math.round(this.deadlineMs / 1000)} s` : firstLine(this.project.masker.mask(r.stderr)) || `exit ${r.code}`;
        this.log(`compose: could not remove ${this.project.name} (${why}); remove it with: docker compose -p ${this.project.name} down -v --remove-orphans`);
      } else {
        this.log(`compose: removed ${this.project.name} (containers, networks, volumes)`);
      }
    })();
    return this.#done;
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

  const env = composeEnv(opts.ports ?? (await freePorts()));
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
  const upTimeoutS = Math.max(1, Math.ceil(d.containers / 1000));
  // Our own deadline a little after compose's, so that compose can say what it was waiting for.
  const up = await project.call(['up', '-d', '--wait', '--wait-timeout', String(upTimeoutS)], d.containers + 30_000, teardown.signal);
  if (up.code !== 0 || up.aborted) {
    const why = up.timedOut ? `no answer in ${upTimeoutS} s` : firstLine(masker.mask(up.stderr)) || `exit ${up.code}`;
    return fail(`docker compose up failed: ${why}`, teardown.signalled ? null : await project.failingServices());
  }

  let authentikVersion: string | null;
  let portainerVersion: string;
  try {
    [authentikVersion, portainerVersion] = await Promise.all([
      authentikReady(env.urls.authentik, varOf(env, 'bootstrapToken'), d, poll),
      portainerReady(env.urls.portainer, d.portainer, poll),
    ]);
  } catch (err) {
    if (err instanceof DeadlineError) return fail(err.message, [err.service]);
    if (err instanceof AbortedError) return fail(err.message, null);
    await teardown.stop();
    throw err;
  }
  if (teardown.signalled) return fail('interrupted', null);
  teardown.started();
  log(`compose: ready: authentik ${authentikVersion ?? '(version unknown)'} at ${env.urls.authentik}, Portainer ${portainerVersion} at ${env.urls.portainer}`);

  return {
    kind: 'compose',
    label: stackLabel(project.name, env),
    project: project.name,
    images: env.images,
    urls: env.urls,
    authentik: { url: env.urls.authentik, token: varOf(env, 'bootstrapToken'), version: authentikVersion },
    app: {
      name: 'portainer',
      url: env.urls.portainer,
      adminUser: PORTAINER_ADMIN_USER,
      adminPassword: varOf(env, 'portainerAdminPassword'),
      version: portainerVersion,
    },
    testUser: newTestUser(),
    stop: () => teardown.stop(),
  };
}
