/**
 * Which stack the e2e suite (and `npm test`) runs against: `DOCPROOF_STACK` when set, otherwise the compose stack
 * when a Docker engine answers, otherwise the stand-ins. `.ci/run` sets DOCPROOF_STACK=standins explicitly.
 */
import { spawnSync } from 'node:child_process';

export type TestStack = 'compose' | 'standins' | 'real' | 'external';

/** `real`: the real programs built from source by ../shared/real (tests/e2e/real.ts). */
export const TEST_STACKS: readonly TestStack[] = ['compose', 'standins', 'real', 'external'];

/** How long `docker info` may take before we say no engine answers (a stopped Docker Desktop can hang). */
const DOCKER_INFO_TIMEOUT_MS = 5_000;

export function chooseTestStack(env: NodeJS.ProcessEnv, dockerAnswers: () => boolean): TestStack {
  const raw = env['DOCPROOF_STACK'];
  if (raw !== undefined && raw.trim() !== '') {
    const value = raw.trim();
    if (!(TEST_STACKS as readonly string[]).includes(value)) {
      throw new Error(`DOCPROOF_STACK="${value}" is not one of ${TEST_STACKS.join(', ')}`);
    }
    return value as TestStack;
  }
  return dockerAnswers() ? 'compose' : 'standins';
}

/**
 * True when `docker info` reaches an engine. The CLI alone is not enough (it exits non-zero without a daemon), and a
 * missing CLI (ENOENT) or a hang past the timeout both mean no.
 */
export function dockerEngineAnswers(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    timeout: DOCKER_INFO_TIMEOUT_MS,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error || r.status !== 0) return false;
  return r.stdout.trim() !== '';
}
