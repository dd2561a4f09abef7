/**
 * Guide → Plan. The order is the one a person follows: bootstrap, create the provider and application in
 * authentik (with the guide's values and the wizard's defaults), sign in to the application as its admin, perform
 * the guide's application-side steps and settings in the guide's order, save, sign out, then prove the result:
 * start the application's SSO login, sign in at authentik as the test user, check who the application says is
 * signed in, sign out through the application and check that the authentik session ended.
 */
import { driverInfoOfGuide, builtDriverNames } from '../apps/known.js';
import type { DriverInfo } from '../apps/types.js';
import { UsageError } from '../findings.js';
import { hasActions, toggleState } from '../guide/extract/steps.js';
import type { Guide, Provider, Setting, Step } from '../guide/model.js';
import { planAuthentikUi } from './authentik-ui.js';
import { configurationPart } from './configure.js';
import { isSecretValue, settingMeaning, userFieldForClaim } from './meaning.js';
import type { ConfigForm, Plan, PlanStep } from './model.js';
import { placeholderMap } from './placeholders.js';
import { mainOAuth2Provider, specFromGuide } from './spec.js';

/** Why a guide cannot become a plan, for the reports' totals. */
export type PlanErrorKind = 'no-provider' | 'not-oauth2' | 'no-driver' | 'no-app-settings';

/** A guide that cannot become a plan: no OAuth2 provider, no driver for its application. Exit 2, one line. */
export class PlanError extends UsageError {
  override name = 'PlanError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    /** The reason without the place: "no application driver for …". */
    readonly reason: string,
    readonly kind: PlanErrorKind,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}

const VERIFICATION_SECTION = /verif|test the (login|setup|integration)|troubleshoot/i;
const SIGN_IN_TEXT = /\b(log|sign)\s*(in|on)\b/i;

function guideLine(lines: number[]): string {
  return lines.length ? `guide:${lines.join(',')} ` : '';
}

/** A step's title without its `guide:N,M ` prefix: what it does. */
export function stepWhat(title: string): string {
  return title.replace(/^guide:[\d,]+ /, '');
}

/** The first guide line a step title names (`guide:53 fill …` → 53), else null. */
export function lineOfTitle(title: string | null): number | null {
  const m = title ? /^guide:(\d+)/.exec(title) : null;
  return m ? Number(m[1]) : null;
}

type StepInput = PlanStep extends infer T ? (T extends PlanStep ? Omit<T, 'title' | 'lines'> & { lines: number[] } : never) : never;

function step(s: StepInput, what: string): PlanStep {
  const lines = [...new Set(s.lines)].sort((a, b) => a - b);
  return { ...s, lines, title: `${guideLine(lines)}${what}` } as PlanStep;
}

type AppItem = { line: number; column: number; step?: Step; setting?: Setting };

export function planGuide(guide: Guide): Plan {
  const provider = mainOAuth2Provider(guide);
  if (!provider) {
    const other = guide.providers[0];
    throw new PlanError(
      guide.file,
      other?.line ?? null,
      other
        ? `the guide creates a ${other.type.toUpperCase()} provider ("${other.label}"); docproof run performs OAuth2/OpenID Connect guides only`
        : 'the guide creates no OAuth2/OpenID Connect provider, so there is no sign-in to run',
      other ? 'not-oauth2' : 'no-provider',
    );
  }
  const driver = driverInfoOfGuide(guide);
  if (!driver) {
    throw new PlanError(
      guide.file,
      guide.frontmatterLines.title ?? null,
      `no application driver for "${guide.appSlug ?? guide.frontmatter.title ?? ''}" (docproof can run: ${builtDriverNames().join(', ')})`,
      'no-driver',
    );
  }
  const spec = specFromGuide(guide);

  const authentikLines = [
    provider.line,
    ...provider.redirectUris.map((u) => u.line),
    ...guide.settings.filter((s) => s.side === 'authentik' && !s.optional).map((s) => s.line),
    // Steps with actions only: the wizard pages, reader settings and notes the model also keeps are the UI walk's.
    ...guide.steps.filter((s) => s.side === 'authentik' && !s.optional && hasActions(s)).map((s) => s.line),
  ];

  const app = (driver.takes ?? 'ui') === 'configuration' ? configuredApp(guide, driver, provider) : uiApp(guide, driver, provider);
  const name = driver.displayName;
  const claim = app.identifier?.value ?? null;
  const userField = claim ? userFieldForClaim(claim) : (driver.defaultUserField ?? 'username');

  const steps: PlanStep[] = [
    step({ kind: 'bootstrap', lines: [] }, `bootstrap authentik and ${name}, create the test user`),
    step(
      { kind: 'provision', spec, redirectLines: provider.redirectUris.map((u) => u.line), lines: authentikLines },
      `create the ${provider.label} provider and application "${spec.applicationName}" (slug ${spec.slug}) in authentik`,
    ),
    ...app.steps,
    step({ kind: 'start-sso', lines: [app.configLine] }, `start the SSO login from ${name}'s login page`),
    step({ kind: 'sign-in-idp', lines: provider.redirectUris.map((u) => u.line) }, 'sign in at authentik as the test user'),
    step(
      { kind: 'assert-identity', claim, userField, lines: app.identifier ? app.identifier.lines : [app.configLine] },
      `${name} shows the test user signed in${claim ? ` (by ${claim})` : ''}`,
    ),
    step({ kind: 'sign-out', lines: app.logout ? app.logout.lines : [] }, `sign out through ${name}`),
  ];
  if (app.logout) steps.push(step({ kind: 'assert-session-ended', lines: app.logout.lines }, `authentik ends the ${name} session (logout URL)`));

  return {
    file: guide.file,
    app: { name: driver.name, displayName: name },
    provider: { type: 'oauth2', label: provider.label, line: provider.line },
    placeholders: placeholderMap(guide).hosts,
    configLine: app.configLine,
    ...(app.configForms ? { configForms: app.configForms } : {}),
    steps,
    authentikUi: planAuthentikUi(guide),
  };
}

/** The application half of a plan: its steps, and what the common steps after it point at. */
interface AppPart {
  steps: PlanStep[];
  /** Where a failure that concerns the configuration as a whole is reported. */
  configLine: number;
  /** The value and lines of the setting that names the user identifier claim, if the guide sets one. */
  identifier: { value: string | null; lines: number[] } | null;
  logout: { lines: number[] } | null;
  configForms?: ConfigForm[];
}

/** An application configured by code blocks: configure steps per key and form, and the restart (src/plan/configure.ts). */
function configuredApp(guide: Guide, driver: DriverInfo, provider: Provider): AppPart {
  const part = configurationPart(guide, driver.displayName, VERIFICATION_SECTION);
  const configures = part.steps.filter((s) => s.kind === 'configure');
  if (configures.length === 0) {
    throw new PlanError(guide.file, provider.line, `the guide gives no ${driver.displayName} configuration to apply`, 'no-app-settings');
  }
  // The first form's steps stand for the configuration in the steps that follow; a run of the other form reads
  // the same meaning from its own steps.
  const first = configures.filter((s) => s.form === configures[0]!.form);
  const identifier = first.find((s) => s.meaning === 'userIdentifier');
  const logout = first.find((s) => s.meaning === 'logoutUrl');
  return {
    steps: part.steps,
    configLine: configures[0]!.lines[0]!,
    identifier: identifier ? { value: identifier.value, lines: identifier.lines } : null,
    logout: logout ? { lines: logout.lines } : null,
    configForms: part.forms,
  };
}

/** An application set up through its UI: sign in as its admin, the guide's UI steps and settings, save, sign out. */
function uiApp(guide: Guide, driver: DriverInfo, provider: Provider): AppPart {
  // Application side: the guide's steps and settings, in the guide's order, outside optional and verification parts.
  const items: AppItem[] = [
    ...guide.steps
      .filter((s) => s.side === 'app' && !s.optional && !VERIFICATION_SECTION.test(s.section))
      .map((s) => ({ line: s.line, column: s.column, step: s })),
    ...guide.settings
      .filter((s) => s.side === 'app' && !s.optional && !VERIFICATION_SECTION.test(s.section))
      .map((s) => ({ line: s.line, column: s.column, setting: s })),
  ].sort((a, b) => a.line - b.line || a.column - b.column);

  const settingToggles = new Set(
    items.filter((i) => i.setting && !i.setting.literal && toggleState(i.setting.value) !== null).map((i) => i.setting!.key.toLowerCase()),
  );
  const signInLines: number[] = [];
  const appSteps: PlanStep[] = [];
  const toggled = new Set<string>();
  let saved = false;
  for (const item of items) {
    const s = item.step;
    if (s) {
      if (!hasActions(s)) {
        if (SIGN_IN_TEXT.test(s.text) && appSteps.length === 0) signInLines.push(s.line);
        continue;
      }
      if (s.path.length) appSteps.push(step({ kind: 'navigate', path: s.path, lines: [s.line] }, `navigate to ${s.path.join(' > ')}`));
      s.choose.forEach((option, i) => {
        const under = s.under[i] ?? null;
        appSteps.push(step({ kind: 'choose', option, under, lines: [s.line] }, `choose ${option}${under ? ` under ${under}` : ''}`));
      });
      for (const t of s.toggles) {
        // "set: - **Use SSO**: enabled" yields the toggle twice (on the step, and as a setting): keep the setting's line.
        if (settingToggles.has(t.label.toLowerCase())) continue;
        toggled.add(`${s.line}:${t.label.toLowerCase()}`);
        appSteps.push(step({ kind: 'toggle', label: t.label, on: t.on, lines: [s.line] }, `turn ${t.on ? 'on' : 'off'} ${t.label}`));
      }
      for (const label of s.click) {
        const save = /\b(save|submit|update|apply)\b/i.test(label);
        saved ||= save;
        appSteps.push(step({ kind: 'click', label, save, lines: [s.line] }, `click ${label}`));
      }
      continue;
    }
    const setting = item.setting!;
    const on = setting.literal ? null : toggleState(setting.value);
    if (on !== null) {
      if (toggled.has(`${setting.line}:${setting.key.toLowerCase()}`)) continue;
      appSteps.push(step({ kind: 'toggle', label: setting.key, on, lines: [setting.line] }, `turn ${on ? 'on' : 'off'} ${setting.key}`));
      continue;
    }
    const meaning = settingMeaning(setting.key);
    appSteps.push(
      step(
        {
          kind: 'fill',
          label: setting.key,
          value: setting.value,
          ref: setting.ref,
          meaning,
          secret: isSecretValue(meaning, setting.ref),
          lines: [setting.line],
        },
        `fill ${setting.key}`,
      ),
    );
  }
  const fills = appSteps.filter((s) => s.kind === 'fill');
  if (fills.length === 0) {
    throw new PlanError(guide.file, provider.line, `the guide gives no ${driver.displayName} settings to fill in`, 'no-app-settings');
  }
  if (!saved) {
    const last = fills[fills.length - 1]!;
    appSteps.push({ kind: 'click', label: null, save: true, lines: [], implicit: true, title: `save the settings after guide:${last.lines[0]}` });
  }

  const configStep =
    items.find((i) => i.step && (i.step.choose.length || i.step.path.length)) ?? items.find((i) => i.setting) ?? items[0]!;
  const identifier = fills.find((f) => f.kind === 'fill' && f.meaning === 'userIdentifier');
  const logout = fills.find((f) => f.kind === 'fill' && f.meaning === 'logoutUrl');
  const name = driver.displayName;
  return {
    steps: [
      step({ kind: 'sign-in-admin', lines: signInLines }, `sign in to ${name} as its admin`),
      ...appSteps,
      step({ kind: 'sign-out-admin', lines: [] }, `sign out of ${name}'s admin account`),
    ],
    configLine: configStep.line,
    identifier: identifier?.kind === 'fill' ? { value: identifier.value, lines: identifier.lines } : null,
    logout: logout ? { lines: logout.lines } : null,
  };
}
