/** `docproof run --stack compose` through the CLI, black box: without a Docker engine, exit 2 and one line. */
import { afterEach, describe, expect, it } from 'vitest';
import { docproofSync } from '../support/cli.js';
import { fakeDocker, type FakeDocker } from './support.js';

let docker: FakeDocker | undefined;
afterEach(() => docker?.restore());

describe('docproof run --stack compose', () => {
  it('without a Docker engine: exit 2, one line naming --stack external and the stand-ins, nothing started', () => {
    docker = fakeDocker({ FAKE_DOCKER_ENGINE: '0' });
    const r = docproofSync(['run', 'docs/integrations/portainer/index.md', '--stack', 'compose'], { fromSource: true, env: docker.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('docproof: no Docker engine answers; use --stack external --env-file F (see npm run standins)\n');
    expect(r.stdout).toBe('');
    expect(docker.calls().map((c) => c.argv[0])).toEqual(['info']);
  });
});
