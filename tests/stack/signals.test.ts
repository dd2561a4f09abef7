/**
 * The stack goes away whatever ends the process: Ctrl-C (SIGINT) or SIGTERM while it starts or after, an exit that
 * forgot stop(), and a caller that handles the signal itself. Each case runs a real child process
 * (tests/stack/fixtures/start-stack.ts) against the fake docker CLI and sends it a real signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeDocker, readinessDouble, type FakeDocker, type ReadinessDouble } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const fixture = path.join(here, 'fixtures', 'start-stack.ts');

let docker: FakeDocker | undefined;
let double: ReadinessDouble | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  docker?.restore();
  await double?.close();
  docker = undefined;
  double = undefined;
  child = undefined;
});

interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(mode: string, env: Record<string, string>): Child {
  let out = '';
  let err = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: root,
    env: { ...process.env, ...env, CHILD_MODE: mode, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, stdout: () => out, stderr: () => err, exited };
}

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function readyChild(mode: string): Promise<{ c: Child; project: string; d: FakeDocker }> {
  double = await readinessDouble();
  docker = fakeDocker();
  const d = docker;
  const c = startChild(mode, { ...d.env, CHILD_PORTS: JSON.stringify(double.ports) });
  await until('READY', () => /READY /.test(c.stdout()) || /ERROR /.test(c.stderr()));
  expect(c.stderr()).not.toMatch(/ERROR /);
  const project = /READY (\S+)/.exec(c.stdout())![1]!;
  return { c, project, d };
}

describe('teardown on signals and exit', () => {
  it('Ctrl-C while `compose up` runs: stops up, runs `down -v --remove-orphans` for the project, exits', async () => {
    docker = fakeDocker({ FAKE_DOCKER_UP_MS: '30000' });
    const d = docker;
    const c = startChild('idle', d.env);
    await until('compose up to start', () => d.callsWith('up').length === 1);
    const project = d.callsWith('up')[0]!.argv[2]!;
    const sentAt = Date.now();
    c.proc.kill('SIGINT');
    const { code } = await c.exited;
    expect(Date.now() - sentAt).toBeLessThan(15_000);
    expect(code).toBe(2);
    // `up` was stopped, not waited for...
    expect(d.calls().some((e) => e.event === 'signal' && e.argv.includes('up'))).toBe(true);
    expect(d.calls().some((e) => e.event === 'done' && e.argv.includes('up'))).toBe(false);
    // ...and the project was removed, with its volumes.
    const down = d.callsWith('down');
    expect(down).toHaveLength(1);
    expect(down[0]!.argv.slice(0, 3)).toEqual(['compose', '-p', project]);
    expect(down[0]!.argv).toEqual(expect.arrayContaining(['down', '-v', '--remove-orphans']));
    expect(d.calls().some((e) => e.event === 'done' && e.argv.includes('down'))).toBe(true);
    expect(c.stderr()).toContain(`ERROR interrupted by SIGINT while starting the compose stack; the stack ${project} was removed`);
  });

  it('Ctrl-C after the stack is up (nobody else handles it): down, then exit 130', async () => {
    const { c, project, d } = await readyChild('idle');
    c.proc.kill('SIGINT');
    const { code } = await c.exited;
    expect(code).toBe(130);
    expect(d.callsWith('down').map((e) => e.argv[2])).toEqual([project]);
    expect(c.stderr()).toContain(`compose: removed ${project}`);
  });

  it('SIGTERM after the stack is up: down, then exit 143', async () => {
    const { c, project, d } = await readyChild('idle');
    c.proc.kill('SIGTERM');
    const { code } = await c.exited;
    expect(code).toBe(143);
    expect(d.callsWith('down').map((e) => e.argv[2])).toEqual([project]);
  });

  it('a caller with its own Ctrl-C handler keeps control: one down, from its stop()', async () => {
    const { c, project, d } = await readyChild('own-handler');
    c.proc.kill('SIGINT');
    const { code } = await c.exited;
    expect(code).toBe(0);
    expect(c.stderr()).toContain('own handler: stopping');
    expect(d.callsWith('down').map((e) => e.argv[2])).toEqual([project]);
  });

  it('a process that exits without stop(): the exit handler runs down synchronously', async () => {
    const { c, project, d } = await readyChild('exit');
    const { code } = await c.exited;
    expect(code).toBe(0);
    expect(d.callsWith('down').map((e) => e.argv[2])).toEqual([project]);
    expect(d.calls().some((e) => e.event === 'done' && e.argv.includes('down'))).toBe(true);
  });
});
