/**
 * `docproof run --stack compose` through the CLI, black box: without a Docker engine, or with an image it cannot
 * pull, exit 2 and one line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { docproofSync } from '../support/cli.js';
import { PINNED } from '../../src/versions.js';
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

  it('an image it cannot pull: exit 2, the last line names the image and the variable that overrides it', () => {
    const image = 'registry.invalid/goauthentik/server:2026.8.3';
    docker = fakeDocker({ FAKE_DOCKER_MISSING: image, FAKE_DOCKER_UNPULLABLE: image });
    const r = docproofSync(['run', 'docs/integrations/portainer/index.md', '--stack', 'compose'], {
      fromSource: true,
      env: { ...docker.env, DOCPROOF_IMAGE_AUTHENTIK: image },
    });
    expect(r.code).toBe(2);
    const last = r.stderr.trimEnd().split('\n').at(-1);
    expect(last).toBe(
      `docproof: cannot pull image ${image} (Error response from daemon: Get "https://registry.invalid/v2/": dial tcp: lookup registry.invalid ` +
        'on 127.0.0.53:53: no such host); set DOCPROOF_IMAGE_AUTHENTIK to an image this Docker engine has or can pull',
    );
    // The start names the override with its variable before anything else happens.
    expect(r.stderr).toContain(`authentik ${image} set by DOCPROOF_IMAGE_AUTHENTIK`);
    expect(docker.callsWith('up')).toHaveLength(0);
    expect(docker.callsWith('pull').map((c) => c.argv.at(-1))).toEqual([image]);
    expect(r.stderr).not.toContain(PINNED.images.authentik);
  });
});
