/** A hand-built Portainer guide model with nothing extracted, for tests of what consumes the model. */
import type { Guide } from '../../src/guide/model.js';

export function guideModel(over: Partial<Guide> = {}): Guide {
  return {
    file: 'docs/integrations/portainer/index.md',
    format: 'md',
    appSlug: 'portainer',
    frontmatter: { title: 'Integrate with Portainer', sidebar_label: 'Portainer' },
    frontmatterLines: { title: 2, sidebar_label: 3 },
    testedWith: { authentik: null, app: null, line: null },
    placeholders: [],
    variables: [],
    providers: [],
    settings: [],
    steps: [],
    headings: [],
    urls: [],
    resources: [],
    mdxFallback: false,
    mdxError: null,
    ...over,
  };
}
