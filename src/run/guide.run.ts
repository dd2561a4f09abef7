/**
 * The Playwright test file `docproof run` executes: one test per guide, one `test.step` per plan step, titled with
 * the guide lines it performs ("guide:53 fill Authorization URL"). Findings and infrastructure errors are attached
 * to the test as annotations (masked) for our reporter; what is left in authentik and the application is removed
 * in a fixture's teardown, which Playwright runs also when the run is interrupted.
 */
import { test as base, type BrowserContext } from '@playwright/test';
import { describeMappings } from '../plan/placeholders.js';
import { Masker } from '../stack/mask.js';
import { stackSecrets } from '../stack/external.js';
import { ANNOTATION, firstLine, InfraError, StepFailed, type RunFinding } from './failures.js';
import { readRunInput } from './input.js';
import { recordSecret } from './journal.js';
import { GuideRun } from './perform.js';
import { stepWhat } from '../plan/plan.js';
import type { AuthentikUiStep, PlanStep } from '../plan/model.js';

const input = readRunInput();
const masker = new Masker(stackSecrets(input.stack));

const test = base.extend<{ cleanups: (() => Promise<string[]>)[] }>({
  // eslint-disable-next-line no-empty-pattern
  cleanups: async ({}, use, testInfo) => {
    const list: (() => Promise<string[]>)[] = [];
    await use(list);
    const problems: string[] = [];
    for (const c of list.reverse()) problems.push(...(await c()));
    if (problems.length) {
      const message = masker.mask(`cleanup left things behind: ${problems.join('; ')}`);
      testInfo.annotations.push({ type: ANNOTATION.infra, description: message });
      throw new Error(message);
    }
  },
});

function annotateFinding(f: RunFinding, stepTitle: string): void {
  test.info().annotations.push({ type: ANNOTATION.finding, description: JSON.stringify(masker.maskDeep({ ...f, step: stepTitle })) });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Session secrets only the browser sees (the applications' session cookies, Portainer's JWT, the authorization code)
 * are handed to the parent's masker as they appear, so traces and reports never keep them.
 */
function recordBrowserSecrets(context: BrowserContext): void {
  context.on('request', (req) => {
    const params = new URL(req.url()).searchParams;
    for (const key of ['code', 'state']) {
      const v = params.get(key);
      if (v) recordSecret(input.secretsFile, v);
    }
  });
  context.on('response', (res) => {
    void res
      .headerValues('set-cookie')
      .then((cookies) => {
        for (const c of cookies) {
          const value = c.split(';', 1)[0]!.split('=').slice(1).join('=');
          if (value) recordSecret(input.secretsFile, safeDecode(value));
        }
      })
      .catch(() => undefined);
  });
}

function isAuthentikUiStep(step: PlanStep | AuthentikUiStep): step is AuthentikUiStep {
  return step.kind.startsWith('ak-');
}

for (const { file, plan } of input.guides) {
  test(file, async ({ page, browser, cleanups }) => {
    recordBrowserSecrets(page.context());
    const run = new GuideRun(page, plan, input.stack, masker, input.journalFile, input.secretsFile, input.alternates ?? []);
    cleanups.push(() => run.cleanup());
    const info = test.info();
    try {
      // ui mode: the guide's authentik steps, walked in authentik's admin interface, in place of the provision step.
      const walk = input.authentik === 'ui' && plan.authentikUi.length > 0;
      const steps: Array<PlanStep | AuthentikUiStep> = walk ? plan.steps.flatMap<PlanStep | AuthentikUiStep>((s) => (s.kind === 'provision' ? plan.authentikUi : [s])) : plan.steps;
      for (const step of steps) {
        const title = masker.mask(step.title);
        await test.step(title, async () => {
          try {
            if (isAuthentikUiStep(step)) await run.performAuthentikUi(step);
            else await run.perform(step);
          } catch (err) {
            if (err instanceof StepFailed) {
              for (const f of err.findings) annotateFinding(f, title);
              throw new Error(masker.mask(err.message));
            }
            if (err instanceof InfraError) {
              info.annotations.push({ type: ANNOTATION.infra, description: masker.mask(err.message) });
              throw new Error(masker.mask(`infrastructure: ${err.message}`));
            }
            annotateFinding(
              { ruleId: 'run-step-failed', line: step.lines[0] ?? null, message: `${stepWhat(step.title)} failed: ${firstLine(err)}` },
              title,
            );
            throw new Error(masker.mask(firstLine(err)));
          }
        });
      }
      for (const f of run.notes) annotateFinding(f, 'notes');
    } finally {
      const versions = { authentik: run.versions.authentik ?? null, app: run.versions.app ?? null, browser: browser.version() };
      info.annotations.push({ type: ANNOTATION.versions, description: JSON.stringify(versions) });
      const mapped = describeMappings(run.mapped);
      info.annotations.push({ type: ANNOTATION.mapped, description: JSON.stringify(mapped) });
    }
  });
}
