/** The application facts the lint rules read: which application a guide is about, by its folder or its title. */
import { describe, expect, it } from 'vitest';
import { APP_FACTS, appFactsOf, recogniseApp } from '../../src/apps/facts.js';
import { guideModel } from '../support/guide.js';

describe('application facts', () => {
  it("recognise Portainer's guide by its folder, or by its title when a copy sits in another folder", () => {
    expect(appFactsOf(guideModel())?.name).toBe('portainer');
    expect(appFactsOf(guideModel({ appSlug: null, file: '/tmp/copy.md' }))?.name).toBe('portainer');
    expect(appFactsOf(guideModel({ appSlug: 'my-copy', frontmatter: { title: 'Integrate with Portainer' } }))?.name).toBe('portainer');
    expect(appFactsOf(guideModel({ appSlug: 'grafana', frontmatter: { title: 'Integrate with Grafana' } }))).toBeNull();
    expect(appFactsOf(guideModel({ appSlug: null, frontmatter: { title: 'Integrate with Portainerish' } }))).toBeNull();
  });

  it('know that Portainer sends its Scopes field verbatim (reference/portainer.md §2.4)', () => {
    expect(APP_FACTS.find((a) => a.name === 'portainer')?.scopes?.sent).toBe('verbatim');
  });

  it('match a slug before a title', () => {
    const apps = [
      { name: 'a', displayName: 'Alpha' },
      { name: 'b', displayName: 'Beta' },
    ];
    expect(recogniseApp(apps, 'b', 'Integrate with Alpha')?.name).toBe('b');
    expect(recogniseApp(apps, 'c', 'Integrate with Alpha')?.name).toBe('a');
  });
});
