/**
 * The run's "mapped:" header lines: what each URL of the guide became on the stack, including the second address of a
 * host written with both schemes and the URLs on hosts the guide never introduces (left as written).
 */
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/guide/extract.js';
import { planGuide } from '../../src/plan/plan.js';
import { mappingLines, startAlternates } from '../../src/run/engine.js';
import type { Stack } from '../../src/stack/types.js';

const stack = {
  authentik: { url: 'http://127.0.0.4:9000' },
  app: { url: 'http://127.0.0.5:9000' },
} as unknown as Stack;

describe('mapped: header lines', () => {
  it('a passing guide: one line per placeholder host and the slug', async () => {
    const plan = planGuide((await extractFile('docs/integrations/portainer/index.md')).guide);
    expect(mappingLines([plan], stack, [])).toEqual([
      'https://authentik.company → http://127.0.0.4:9000',
      'https://portainer.company → http://127.0.0.5:9000',
      '<application_slug> → portainer',
    ]);
  });
  it('both schemes of one host: the second one gets its own address, a forwarder the run starts and stops', async () => {
    const plan = planGuide((await extractFile('tests/fixtures/run/redirect-http.md')).guide);
    const { alternates, forwarders } = await startAlternates([plan], stack);
    try {
      expect(alternates).toEqual([{ host: 'portainer.company', scheme: 'http', url: expect.stringMatching(/^http:\/\/127\.0\.0\.5:\d+$/) }]);
      expect(mappingLines([plan], stack, alternates)).toContain(
        `http://portainer.company → ${alternates[0]!.url} (a second address of the same service, forwarded to http://127.0.0.5:9000: the guide writes both schemes)`,
      );
    } finally {
      await Promise.all(forwarders.map((f) => f.close()));
    }
  });
  it('a host the guide never introduces: left as written, with its line', async () => {
    const plan = planGuide((await extractFile('tests/fixtures/run/authorize-other-host.md')).guide);
    expect(mappingLines([plan], stack, [])).toContain(
      'https://sso.company → not mapped (guide:57: a host the guide never introduces, used as written; the run does not follow it)',
    );
  });
});
