/** Which files are guides: the listing pages of both trees are not, whatever marks them. */
import { describe, expect, it } from 'vitest';
import { notAGuideReason } from '../../src/guide/classify.js';

describe('notAGuideReason', () => {
  it('names the 2025-05 applications listing (services/index.mdx: no sidebar_position) as a listing page', () => {
    const fm = { title: 'Integrate with Applications', sidebar_label: 'Applications' };
    expect(notAGuideReason('services/index.mdx', fm, true)).toBe('a listing page ("Integrate with Applications", no support_level)');
  });
  it('names the current listing (applications.mdx: sidebar_position) as before', () => {
    const fm = { title: 'Integrate with Applications', sidebar_label: 'Applications', sidebar_position: 2 };
    expect(notAGuideReason('applications.mdx', fm, true)).toBe('a listing page (sidebar_position, no support_level)');
  });
  it('keeps guides, with or without support_level', () => {
    expect(notAGuideReason('services/qnap-nas/index.md', { title: 'Integrate with QNAP NAS' }, true)).toBeNull();
    expect(notAGuideReason('x/index.md', { title: 'Integrate with Applications', support_level: 'community' }, true)).toBeNull();
  });
});
