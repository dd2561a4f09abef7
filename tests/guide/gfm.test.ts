/**
 * The GFM subset of the guide parser (src/guide/gfm.ts): everything of remark-gfm a guide uses, URL
 * autolinks with their place, and no email autolinks or post-parse regex links.
 */
import type { Link, Paragraph, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/guide/extract.js';
import { parseGuideText } from '../../src/guide/parse.js';

const links = (tree: Root) =>
  (tree.children as Paragraph[]).flatMap((p) =>
    (p.children ?? []).filter((c): c is Link => c.type === 'link').map((l) => [l.url, l.position?.start.line, l.position?.start.column]),
  );

describe('GFM for guides', () => {
  for (const format of ['md', 'mdx'] as const) {
    it(`${format}: bare https:// and www. URLs become links at their own line and column, also on a continuation line`, () => {
      const { tree } = parseGuideText('See https://authentik.company/if/admin/ now.\nOr www.example.org and\n  (https://goauthentik.io/docs).\n', format);
      expect(links(tree)).toEqual([
        ['https://authentik.company/if/admin/', 1, 5],
        ['http://www.example.org', 2, 4],
        ['https://goauthentik.io/docs', 3, 4],
      ]);
    });

    it(`${format}: an email address and a URL right after "[" stay text`, () => {
      const { tree } = parseGuideText('Write to admin@example.org or see (docs)[https://example.org/x].\n', format);
      expect(links(tree)).toEqual([]);
      expect((tree.children[0] as Paragraph).children).toEqual([expect.objectContaining({ type: 'text', value: 'Write to admin@example.org or see (docs)[https://example.org/x].' })]);
    });

    it(`${format}: tables, strikethrough, footnotes and task lists still parse`, () => {
      const { tree } = parseGuideText('| A | B |\n| - | - |\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n- [x] done\n\n[^1]: note\n', format);
      expect(tree.children.map((c) => c.type)).toEqual(['table', 'paragraph', 'list', 'footnoteDefinition']);
      expect((tree.children[1] as Paragraph).children.map((c) => c.type)).toEqual(['delete', 'text', 'footnoteReference']);
    });
  }

  it('a bare URL in a guide is a URL of the model, with its place', () => {
    const text = '---\ntitle: Integrate with X\nsidebar_label: X\nsupport_level: community\n---\n\n## authentik configuration\n\nOpen https://authentik.company/if/admin/ and create a provider.\n';
    const { guide } = extractText('x/index.md', text);
    expect(guide.urls).toContainEqual({ url: 'https://authentik.company/if/admin/', line: 9, column: 6, origin: 'text' });
  });
});
