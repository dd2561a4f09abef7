/**
 * Guide → the authentik half as an administrator performs it in authentik's admin interface (issue 12): sign in,
 * navigate, click, the wizard's pages as the guide names them, choices, fields with the guide's values, redirect
 * URIs with their matching mode and type, settings the guide leaves to the reader, values to note, and last the
 * readback of what the UI created. Steps a person must do but the guide does not say are `implicit`: the admin's
 * sign-in, and in guides that create the provider and the application outside the wizard ("create an
 * OAuth2/OpenID Provider with these settings", "Create an application which uses this provider") the navigation to
 * the list and its creation button. Independent of the application's driver, so it serves every OAuth2 guide.
 */
import type { Guide, Provider, ReaderSetting, Setting, Step } from '../guide/model.js';
import { toggleState } from '../guide/extract/steps.js';
import { isSecretValue, settingMeaning } from './meaning.js';
import type { AuthentikUiStep } from './model.js';
import { applicationNameOf, mainOAuth2Provider } from './spec.js';

const VERIFICATION_SECTION = /verif|test the (login|setup|integration)|troubleshoot/i;

/** Settings that are picked from a list rather than typed: "**Client type**: Confidential". */
const CHOICE_KEY =
  /^(client type|signing (key|certificate)|(authorization|authentication|invalidation) flow|subject mode|issuer mode|provider( type)?|policy engine mode|matching mode|encryption key)$/i;

/**
 * A prose value that leaves the choice to the reader: "Any valid certificate", "Select a flow that suits your
 * organization's requirements", "[Your Signing Key]", "Ensure that no encryption key is selected".
 */
const READER_VALUE = /^((select|choose|pick|use) )?any\b|^(select|choose|pick) (a|an|the|your)\b|^\[[^\]]+\]$|^(ensure|make sure)\b/i;

function leftToReader(value: string): boolean {
  return READER_VALUE.test(value) && value.split(/\s+/).length <= 10;
}

/** A bold lead-in that heads a group of steps, not a field: "**Create a provider:** In the authentik Admin …". */
const LEAD_IN_KEY = /^(create|configure|link|add|set up|install|enable|update|assign|bind)\b/i;

/**
 * authentik's own words for the creation button of its list pages, used only for steps the guide implies.
 * A guess about the running version's label, which the driver is free to read as "the page's creation button":
 * list pages said "Create" up to 2024.x; 2026.5 says "New Application" on the applications list (the issue's
 * reading of the real UI) and, we assume, "New Provider" on the providers list.
 */
const IMPLIED_CREATE = { application: 'Create', provider: 'Create' } as const;

type Draft = AuthentikUiStep extends infer T ? (T extends AuthentikUiStep ? Omit<T, 'title' | 'lines'> : never) : never;

interface Item {
  line: number;
  column: number;
  seq: number;
  steps: Array<{ draft: Draft; what: string; implicit?: boolean }>;
  /** The step starts creating an application or a provider outside the wizard ("Create an application which …"). */
  opens?: 'application' | 'provider';
}

function titled(draft: Draft, line: number | null, what: string, implicit: boolean): AuthentikUiStep {
  const lines = line === null ? [] : [line];
  return { ...draft, lines, title: `${line === null ? '' : `guide:${line} `}authentik: ${what}`, ...(implicit ? { implicit: true } : {}) } as AuthentikUiStep;
}

const NOTE_NAMES = { clientId: 'Client ID', clientSecret: 'Client Secret', slug: 'slug' } as const;

function listed(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What a careful reader does with a setting the guide leaves open, as the plan shows it. */
function readerDoes(field: ReaderSetting['field'], label: string, guide: Guide): string {
  switch (field) {
    case 'application-name': {
      const name = applicationNameOf(guide);
      return `application name: ${name ? `"${name}", the application's name in the guide's title` : "the application's name"}`;
    }
    case 'provider-name':
      return 'provider name: the one the wizard proposes';
    case 'slug':
      return 'slug: the one the wizard proposes from the name';
    case 'signing-key':
      return 'signing key: any available one';
    case 'authorization-flow':
      return 'authorization flow: the one authentik proposes';
    case 'invalidation-flow':
      return 'invalidation flow: the one authentik proposes';
    default:
      return /^provider$/i.test(label) ? 'Provider: the provider created above' : `${label}: as a careful reader would`;
  }
}

function readerStep(r: ReaderSetting, guide: Guide): { draft: Draft; what: string } {
  return {
    draft: { kind: 'ak-reader', field: r.field, label: r.label, said: r.said },
    what: `${readerDoes(r.field, r.label, guide)} (the guide: "${r.said}")`,
  };
}

function readerFieldOf(key: string): ReaderSetting['field'] {
  if (/signing|certificate/i.test(key)) return 'signing-key';
  if (/authorization flow/i.test(key)) return 'authorization-flow';
  if (/invalidation flow/i.test(key)) return 'invalidation-flow';
  if (/^slug$/i.test(key.trim())) return 'slug';
  return 'other';
}

function stepItems(s: Step, guide: Guide, mainSection: string | null, settingToggles: ReadonlySet<string>): Item['steps'] {
  const out: Item['steps'] = [];
  // An optional bullet of the wizard ("**Configure Bindings** _(optional)_") is still a page a person passes through.
  if (s.optional) {
    if (s.page && s.section === mainSection) out.push({ draft: { kind: 'ak-page', page: s.page }, what: `wizard page "${s.page}"` });
    return out;
  }
  if (s.signIn) out.push({ draft: { kind: 'ak-sign-in-admin' }, what: 'sign in as an administrator' });
  if (s.page) out.push({ draft: { kind: 'ak-page', page: s.page }, what: `wizard page "${s.page}"` });
  if (s.path.length) out.push({ draft: { kind: 'ak-navigate', path: splitPath(s.path) }, what: `navigate to ${splitPath(s.path).join(' > ')}` });
  if (s.creates) {
    const list = s.creates === 'application' ? ['Applications', 'Applications'] : ['Applications', 'Providers'];
    if (!s.path.length) out.push({ draft: { kind: 'ak-navigate', path: list }, what: `navigate to ${list.join(' > ')}`, implicit: true });
    if (!s.click.length) {
      const label = IMPLIED_CREATE[s.creates];
      // An application created outside the wizard uses the provider created before it (the provider-first guides).
      const draft: Draft = s.creates === 'application' ? { kind: 'ak-click', label, existingProvider: true } : { kind: 'ak-click', label };
      const what = `click ${label} to create the ${s.creates}${s.creates === 'application' ? ' with the provider created above' : ''}`;
      out.push({ draft, what, implicit: true });
    }
  }
  s.choose.forEach((option, i) => {
    // "Select a **Signing Key**." names the field and leaves the key to the reader.
    if (/^signing (key|certificate)$/i.test(option.trim())) {
      out.push(readerStep({ field: 'signing-key', label: option.trim(), said: s.text.replace(/\.$/, '') }, guide));
      return;
    }
    const under = s.under[i] ?? null;
    out.push({ draft: { kind: 'ak-choose', option, under }, what: `choose ${option}${under ? ` under ${under}` : ''}` });
  });
  for (const t of s.toggles) {
    // "set: - **Include claims in ID token**: Enabled" is on the step and a setting: keep the setting's line.
    if (settingToggles.has(t.label.toLowerCase())) continue;
    out.push({ draft: fill(t.label, t.on ? 'enabled' : 'disabled', null), what: `turn ${t.on ? 'on' : 'off'} ${t.label}` });
  }
  for (const label of s.click) out.push({ draft: { kind: 'ak-click', label }, what: `click ${label}` });
  for (const r of s.reader ?? []) out.push(readerStep(r, guide));
  if (s.note?.length) {
    out.push({ draft: { kind: 'ak-note', values: [...s.note] }, what: `note the ${listed(s.note.map((v) => NOTE_NAMES[v]))}` });
  }
  return out;
}

/** "**Applications > Providers**" is one bold label holding the whole path. */
function splitPath(path: string[]): string[] {
  return path.flatMap((p) => p.split(/\s*(?:->|>|→)\s*/)).filter(Boolean);
}

function fill(label: string, value: string | null, ref: Setting['ref']): Draft {
  const meaning = settingMeaning(label);
  return { kind: 'ak-fill', label, value, ref, meaning, secret: isSecretValue(meaning, ref) };
}

function settingItems(s: Setting, guide: Guide): Item['steps'] {
  const key = s.key.trim();
  if (!s.literal && LEAD_IN_KEY.test(key)) return [];
  if (s.ref !== null && s.value === null && !s.literal && (s.ref === 'clientId' || s.ref === 'clientSecret' || s.ref === 'slug')) {
    return [{ draft: { kind: 'ak-note', values: [s.ref] }, what: `note the ${NOTE_NAMES[s.ref]}` }];
  }
  if (!s.literal && s.value !== null && leftToReader(s.value.trim())) {
    return [readerStep({ field: readerFieldOf(key), label: key, said: s.value.trim() }, guide)];
  }
  const on = s.literal ? null : toggleState(s.value);
  if (on !== null) return [{ draft: fill(key, s.value, s.ref), what: `turn ${on ? 'on' : 'off'} ${key}` }];
  if (CHOICE_KEY.test(key) && s.value !== null) {
    // "Set **Subject mode** to be Based on the User's Email": the option is what follows "be".
    const option = s.literal ? s.value : s.value.replace(/^be\s+/i, '');
    return [{ draft: { kind: 'ak-choose', option, under: key }, what: `choose ${option} under ${key}` }];
  }
  return [{ draft: fill(key, s.value, s.ref), what: `fill ${key}` }];
}

/** A step that starts creating an application or provider: the wizard's button, or a creation outside it. */
const WIZARD_BUTTON = /^(new application|create with provider|create with wizard|new provider)$/i;

/**
 * The items without the creations of the guide's other providers: a guide that documents SAML and OIDC one after
 * the other ("There are two ways to configure single sign-on: SAML or OIDC", in tabs a .md file does not mark)
 * creates one application for the sign-in docproof proves. Creations are delimited by their starting step; one
 * whose provider is of another type is left out, from its start to the next creation's.
 */
function withoutOtherProviders(items: Item[], steps: Step[], guide: Guide, main: Provider): Item[] {
  // A list's "Create" starts a creation when it follows the navigation to the list; a form's "Create" saves it.
  const main_ = steps.filter((s) => !s.optional);
  const starts = [
    ...new Set(
      main_
        .filter((s, i) => {
          if (s.creates || s.click.some((c) => WIZARD_BUTTON.test(c.trim()))) return true;
          const before = main_[i - 1];
          return s.click.some((c) => /^create$/i.test(c.trim())) && (s.path.length > 0 || (before !== undefined && before.path.length > 0 && before.click.length === 0));
        })
        .map((s) => s.line),
    ),
  ].sort((a, b) => a - b);
  const others = guide.providers.filter((p) => p !== main && p.type !== 'oauth2' && !p.optional && !/\boptional\b/i.test(p.section));
  const dropped: Array<[number, number]> = [];
  for (const p of others) {
    const from = [...starts].reverse().find((l) => l <= p.line);
    if (from === undefined || (main.line >= from && main.line <= p.line)) continue;
    const to = starts.find((l) => l > p.line) ?? Number.MAX_SAFE_INTEGER;
    if (main.line >= from && main.line < to) continue;
    dropped.push([from, to]);
  }
  return items.filter((i) => !dropped.some(([from, to]) => i.line >= from && i.line < to));
}

export function planAuthentikUi(guide: Guide): AuthentikUiStep[] {
  const provider = mainOAuth2Provider(guide);
  if (!provider) return [];
  const inScope = (x: { side: string; section: string }) => x.side === 'authentik' && !VERIFICATION_SECTION.test(x.section);
  const steps = guide.steps.filter(inScope);
  const settings = guide.settings.filter((x) => inScope(x) && !x.optional);
  const noteLines = new Set(steps.filter((s) => s.note?.length).map((s) => s.line));
  const settingToggles = new Set(settings.filter((s) => !s.literal && toggleState(s.value) !== null).map((s) => s.key.trim().toLowerCase()));

  let seq = 0;
  const items: Item[] = [];
  for (const s of steps) {
    items.push({ line: s.line, column: s.column, seq: seq++, steps: stepItems(s, guide, provider.section, settingToggles), ...(s.creates ? { opens: s.creates } : {}) });
  }
  // The provider type is chosen after what its sentence opens with (the wizard page, the list's creation button).
  if (provider.label) {
    const choose: Draft = { kind: 'ak-choose', option: provider.label, under: null };
    items.push({ line: provider.line, column: Number.MAX_SAFE_INTEGER, seq: seq++, steps: [{ draft: choose, what: `choose ${provider.label}` }] });
  }
  for (const u of provider.redirectUris) {
    const mode = u.matchingMode === 'strict' ? 'Strict' : 'Regex';
    const type = u.kind === 'authorization' ? 'Authorization' : 'Post Logout';
    items.push({
      line: u.line,
      column: u.column,
      seq: seq++,
      steps: [{ draft: { kind: 'ak-redirect-uri', matchingMode: u.matchingMode, uriKind: u.kind, url: u.url }, what: `add a ${mode} ${type} redirect URI` }],
    });
  }
  for (const s of settings) {
    // "**Note:** Save your `client ID` …" is a step's note already.
    if (noteLines.has(s.line) && (/^note$/i.test(s.key.trim()) || (s.ref !== null && s.value === null))) continue;
    items.push({ line: s.line, column: s.column, seq: seq++, steps: settingItems(s, guide) });
  }
  items.sort((a, b) => a.line - b.line || a.column - b.column || a.seq - b.seq);
  const walked = withoutOtherProviders(items, steps, guide, provider);

  // "create an application which uses this provider" followed by "- Provider: WordPress": the guide names it.
  const providerNamed = new Set(settings.filter((s) => /^provider$/i.test(s.key.trim()) && s.value).map((s) => s.section));
  const sectionAt = new Map(steps.map((s) => [s.line, s.section]));

  const out: AuthentikUiStep[] = [];
  let signedIn = false;
  // "1. Open **Applications > Providers** … 2. Click **Create** … 3. Within the new provider form, select **OAuth2/OpenID
  // Provider**": the list is open and its creation button clicked already, so the implied ones are not repeated.
  let lastNav = '';
  let clicksSinceNav = 0;
  let skipImpliedClick = false;
  // A creation opened outside the wizard, until the guide saves it or the next one opens: what it has been given.
  let open: { creates: 'application' | 'provider'; line: number; saved: boolean; named: boolean; flow: boolean } | null = null;
  const close = () => {
    if (!open || open.saved) return;
    const at = open.line;
    const implied = (field: ReaderSetting['field'], label: string, said: string) =>
      out.push(titled({ kind: 'ak-reader', field, label, said }, at, `${readerDoes(field, label, guide)} (${said})`, true));
    // authentik requires an authorization flow and its provider form proposes none (2026.5: "This field may not be
    // null"); a guide that does not name one ("Everything else is up to you") leaves it to the reader.
    if (open.creates === 'provider' && !open.flow) implied('authorization-flow', 'Authorization Flow', 'the guide names no authorization flow');
    // The form's Application Name is required and the guide gives none: a person types the application's name.
    if (open.creates === 'application' && !open.named) implied('application-name', 'Application Name', 'the guide gives no name');
    out.push(titled({ kind: 'ak-save', creates: open.creates }, at, `save the ${open.creates} (its form's Create button)`, true));
  };
  for (const item of walked) {
    skipImpliedClick = false;
    // A creation opens with the first step it adds (a creation whose steps are all left out opens none).
    let opening = item.opens ? { creates: item.opens, line: item.line, saved: false, named: false, flow: false } : null;
    for (const { draft, what, implicit } of item.steps) {
      if (draft.kind === 'ak-navigate') {
        const to = draft.path.join(' > ');
        if (implicit && to === lastNav && clicksSinceNav <= 1) {
          skipImpliedClick = clicksSinceNav === 1;
          continue;
        }
        lastNav = to;
        clicksSinceNav = 0;
      }
      if (draft.kind === 'ak-click') {
        if (implicit && skipImpliedClick) {
          skipImpliedClick = false;
          continue;
        }
        clicksSinceNav++;
      }
      if (draft.kind === 'ak-reader' && /^provider$/i.test(draft.label) && providerNamed.has(sectionAt.get(item.line) ?? '')) continue;
      // "set **Signing Certificate** to use any available certificate" is a setting and the sentence's own words.
      if (draft.kind === 'ak-reader' && out.some((o) => o.kind === 'ak-reader' && o.field === draft.field && o.lines[0] === item.line)) continue;
      if (draft.kind === 'ak-sign-in-admin') {
        if (signedIn) continue; // later sections' "Log in to authentik" find the admin signed in already
        signedIn = true;
      }
      if (opening) {
        close();
        open = opening;
        opening = null;
      }
      out.push(titled(draft, item.line, what, implicit ?? false));
      if (open && !implicit && draft.kind === 'ak-click' && item.line > open.line && /^(create|submit|finish|save)\b/i.test(draft.label)) open.saved = true;
      if (open && (draft.kind === 'ak-reader' ? draft.field === 'application-name' : draft.kind === 'ak-fill' && /name/i.test(draft.label))) open.named = true;
      const flowLabel = draft.kind === 'ak-choose' ? draft.under : draft.kind === 'ak-fill' ? draft.label : null;
      if (open && ((draft.kind === 'ak-reader' && draft.field === 'authorization-flow') || /authorization flow/i.test(flowLabel ?? ''))) open.flow = true;
    }
  }
  close();
  if (!signedIn) out.unshift(titled({ kind: 'ak-sign-in-admin' }, null, 'sign in as an administrator', true));
  out.push(titled({ kind: 'ak-readback' }, null, 'read back through the API what the UI created and compare it with the guide', true));
  return out;
}
