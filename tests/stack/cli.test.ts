/** `docproof run --stack compose` through the CLI, black box: without a Docker engine, exit 2 and one line. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeDocker, type FakeDocker } from './support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let docker: FakeDocker | undefined;
afterEach(() => docker?.restore());

describe('docproof run --stack compose', () => {
  it('without a Docker engine: exit 2, one line naming --stack external and the stand-ins, nothing started', () => {
    docker = fakeDocker({ FAKE_DOCKER_ENGINE: '0' });
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'run', 'docs/integrations/portainer/index.md', '--stack', 'compose'], {
      cwd: root,
      env: { ...process.env, ...docker.env, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('docproof: no Docker engine answers; use --stack external --env-file F (see npm run standins)\n');
    expect(r.stdout).toBe('');
    expect(docker.calls().map((c) => c.argv[0])).toEqual(['info']);
  });
});
