/**
 * `docproof changed` in a temporary git repository laid out like authentik's docs
 * (website/integrations/<category>/<app>/index.md[x]): guide files, the partials they import (the docs escape the
 * underscore: `"../../\_note.mdx"`), partials imported by partials, images, local links; committed changes since the
 * merge base and uncommitted ones; bad input.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/changed.js';

let repo: string;
const cwd = process.cwd();

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: repo } });
}

function write(rel: string, text: string): void {
  const file = path.join(repo, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function commit(message: string): void {
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

const guide = (title: string, body: string) => `---\ntitle: ${title}\nsupport_level: community\n---\n\n${body}\n`;

async function changed(opts: Record<string, unknown>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run([], opts, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

beforeEach(() => {
  repo = realpathSync(mkdtempSync(path.join(tmpdir(), 'docproof-changed-')));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'docs@example.test');
  git('config', 'user.name', 'docs');
  git('config', 'commit.gpgsign', 'false');
  write('website/integrations/_redirect-uri-2026-5-note.mdx', 'import Inner from "./_inner.mdx";\n\n:::info\nRedirect URIs have a type now.\n:::\n\n<Inner />\n');
  write('website/integrations/_inner.mdx', 'Strict matching: see ![diagram](./img/strict.png).\n');
  write('website/integrations/img/strict.png', 'png-1');
  write(
    'website/integrations/hypervisors-orchestrators/portainer/index.mdx',
    guide(
      'Integrate with Portainer',
      'import RedirectURI20265Note from "../../\\_redirect-uri-2026-5-note.mdx";\n\n## authentik configuration\n\n<RedirectURI20265Note />\n\nSet the **Redirect URI** to `https://portainer.company/`.\n\n![Portainer settings](./portainer-settings.png)\n',
    ),
  );
  write('website/integrations/hypervisors-orchestrators/portainer/portainer-settings.png', 'png-2');
  write(
    'website/integrations/media/jellyfin/index.md',
    guide('Integrate with Jellyfin', '## Configuration\n\nSee [the shared steps](../../shared/steps.md) and [authentik docs](https://docs.goauthentik.io/) and [site page](/docs/x/).\n'),
  );
  write('website/integrations/shared/steps.md', 'Open the admin interface.\n');
  write('website/integrations/media/plex/index.md', guide('Integrate with Plex', '## Configuration\n\nNothing shared.\n'));
  commit('docs');
  git('checkout', '-q', '-b', 'change');
  process.chdir(repo);
});

afterEach(() => {
  process.chdir(cwd);
  rmSync(repo, { recursive: true, force: true });
});

const root = 'website/integrations';

describe('docproof changed', () => {
  it('no change: prints nothing, exit 0', async () => {
    expect(await changed({ base: 'main', root })).toEqual({ code: 0, out: '', err: '' });
  });

  it('a committed guide change lists that guide', async () => {
    write('website/integrations/media/plex/index.md', guide('Integrate with Plex', '## Configuration\n\nChanged.\n'));
    commit('plex');
    const r = await changed({ base: 'main', root });
    expect(r).toMatchObject({ code: 0, out: 'website/integrations/media/plex/index.md\n' });
  });

  it('a changed partial lists the guides that import it, through the escaped underscore; nested partials too', async () => {
    write('website/integrations/_redirect-uri-2026-5-note.mdx', 'Changed note.\n');
    commit('note');
    expect((await changed({ base: 'main', root })).out).toBe('website/integrations/hypervisors-orchestrators/portainer/index.mdx\n');

    git('checkout', '-q', 'main');
    git('checkout', '-q', '-b', 'inner');
    write('website/integrations/_inner.mdx', 'Changed inner.\n');
    commit('inner');
    const r = await changed({ base: 'main', root, format: 'json' });
    const json = JSON.parse(r.out) as { guides: { file: string; driver: string | null; reasons: { kind: string; file: string; via: string[] }[] }[] };
    expect(json.guides).toEqual([
      {
        file: 'website/integrations/hypervisors-orchestrators/portainer/index.mdx',
        app: 'portainer',
        driver: 'portainer',
        reasons: [{ kind: 'import', file: 'website/integrations/_inner.mdx', line: null, via: ['website/integrations/_redirect-uri-2026-5-note.mdx'] }],
      },
    ]);
  });

  it('an image changed in a partial reaches the guide through two partials', async () => {
    write('website/integrations/img/strict.png', 'png-1 changed');
    commit('img');
    const json = JSON.parse((await changed({ base: 'main', root, format: 'json' })).out) as { guides: { file: string; reasons: unknown[] }[] };
    expect(json.guides.map((g) => g.file)).toEqual(['website/integrations/hypervisors-orchestrators/portainer/index.mdx']);
    expect(json.guides[0]!.reasons).toEqual([
      {
        kind: 'image',
        file: 'website/integrations/img/strict.png',
        line: null,
        via: ['website/integrations/_redirect-uri-2026-5-note.mdx', 'website/integrations/_inner.mdx'],
      },
    ]);
  });

  it('a guide\'s own image and a linked local file count, with the guide line; URLs and site paths do not', async () => {
    write('website/integrations/hypervisors-orchestrators/portainer/portainer-settings.png', 'png-2 changed');
    write('website/integrations/shared/steps.md', 'Open the admin interface, then Settings.\n');
    commit('image and steps');
    const json = JSON.parse((await changed({ base: 'main', root, format: 'json' })).out) as {
      guides: { file: string; driver: string | null; reasons: { kind: string; file: string; line: number | null }[] }[];
    };
    expect(json.guides).toEqual([
      {
        file: 'website/integrations/hypervisors-orchestrators/portainer/index.mdx',
        app: 'portainer',
        driver: 'portainer',
        reasons: [{ kind: 'image', file: 'website/integrations/hypervisors-orchestrators/portainer/portainer-settings.png', line: 14, via: [] }],
      },
      {
        file: 'website/integrations/media/jellyfin/index.md',
        app: 'jellyfin',
        driver: null,
        reasons: [{ kind: 'link', file: 'website/integrations/shared/steps.md', line: 8, via: [] }],
      },
    ]);
  });

  it('counts uncommitted changes: staged, unstaged and untracked', async () => {
    write('website/integrations/media/plex/index.md', guide('Integrate with Plex', '## Configuration\n\nUnstaged.\n'));
    write('website/integrations/media/new-app/index.md', guide('Integrate with New App', '## Configuration\n\nUntracked.\n'));
    write('website/integrations/shared/steps.md', 'Staged change.\n');
    git('add', 'website/integrations/shared/steps.md');
    const r = await changed({ base: 'main', root });
    expect(r.out.split('\n').filter(Boolean)).toEqual([
      'website/integrations/media/jellyfin/index.md',
      'website/integrations/media/new-app/index.md',
      'website/integrations/media/plex/index.md',
    ]);
  });

  it('a deleted partial touches the guides that still import it; a deleted guide is not listed', async () => {
    unlinkSync(path.join(repo, 'website/integrations/_redirect-uri-2026-5-note.mdx'));
    unlinkSync(path.join(repo, 'website/integrations/media/plex/index.md'));
    commit('delete');
    expect((await changed({ base: 'main', root })).out).toBe('website/integrations/hypervisors-orchestrators/portainer/index.mdx\n');
  });

  it('compares from the merge base: changes on the base branch after the fork do not count', async () => {
    git('checkout', '-q', 'main');
    write('website/integrations/media/plex/index.md', guide('Integrate with Plex', '## Configuration\n\nOn main.\n'));
    commit('main moves on');
    git('checkout', '-q', 'change');
    write('website/integrations/media/jellyfin/index.md', guide('Integrate with Jellyfin', '## Configuration\n\nOn the branch.\n'));
    commit('branch');
    expect((await changed({ base: 'main', root })).out).toBe('website/integrations/media/jellyfin/index.md\n');
  });

  it('--root limits the guides listed', async () => {
    write('website/integrations/media/plex/index.md', guide('Integrate with Plex', '## Configuration\n\nChanged.\n'));
    write('website/integrations/_redirect-uri-2026-5-note.mdx', 'Changed note.\n');
    commit('two');
    expect((await changed({ base: 'main', root: 'website/integrations/media' })).out).toBe('website/integrations/media/plex/index.md\n');
  });

  it('--all lists every guide with its driver, changed or not (the scheduled run)', async () => {
    const r = await changed({ base: 'no-such-branch', root, all: true, format: 'json' });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { base: unknown; guides: { file: string; driver: string | null; reasons: unknown[] }[] };
    expect(json.base).toBeNull();
    expect(json.guides.map((g) => [g.file, g.driver, g.reasons.length])).toEqual([
      ['website/integrations/hypervisors-orchestrators/portainer/index.mdx', 'portainer', 0],
      ['website/integrations/media/jellyfin/index.md', null, 0],
      ['website/integrations/media/plex/index.md', null, 0],
    ]);
  });

  it('bad input: one line, exit 2', async () => {
    expect(await changed({ base: 'no-such-branch', root })).toEqual({
      code: 2,
      out: '',
      err: `docproof changed: --base no-such-branch: no such commit in ${repo} (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)\n`,
    });
    expect(await changed({ base: 'main', root: 'nope' })).toEqual({ code: 2, out: '', err: 'docproof changed: --root nope: no such folder\n' });
    const outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'docproof-not-git-')));
    try {
      const r = await changed({ base: 'main', root: outside });
      expect(r.code).toBe(2);
      expect(r.err).toBe(`docproof changed: ${path.resolve(outside)}: not inside a git repository (docproof changed compares git revisions)\n`);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    expect((await changed({ base: 'main', root, format: 'xml' })).code).toBe(2);
  });
});
