/**
 * What one authentik-side sentence says beyond clicks and choices, read as an administrator reads it in the
 * admin interface:
 *   "- **Choose a Provider type**: select …"                        → page "Choose a Provider type"
 *   "- **Application**: provide a descriptive name, …"               → page "Application", reader application-name
 *   "provide a name (or accept the auto-provided name), the authorization flow to use for this provider"
 *                                                                    → reader provider-name, authorization-flow
 *   "Select any available signing key."                              → reader signing-key
 *   "Note the **Client ID**, **Client Secret**, and **slug** values" → note [clientId, clientSecret, slug]
 *   "Log in to authentik as an administrator …"                      → signIn
 *   "Create an application which uses this provider."                → creates application
 * Regular expressions only read the one sentence's text (src/guide/extract/walker.ts walks the tree).
 */
import type { NotedValue, ReaderSetting } from '../model.js';
import { segmentsText, type Segment } from './inline.js';
import { splitKeyValue } from './keyvalue.js';

export interface AuthentikUi {
  page: string | null;
  reader: ReaderSetting[];
  note: NotedValue[];
  signIn: boolean;
  creates: 'application' | 'provider' | null;
}

/** Labels of the authentik wizard's pages as guides name them: they group settings, they are not settings themselves. */
export const WIZARD_PAGE =
  /^(application|applications|choose a provider( type)?|configure (the )?provider|configure bindings|configure the .*mapping|create (an? )?(application|provider)|select type|review and submit( application)?|provider|bindings)$/i;

/** Pages of the application wizard only (the group labels above that are not pages are left out). */
const PAGE = /^(application|choose a provider( type)?|configure (the )?provider|configure bindings|review and submit( application)?)$/i;

const SIGN_IN = /^\s*(log|sign)\s*(in|on)(to)?\s+(to\s+)?(the\s+)?authentik\b|\bopen the authentik admin(istration)? interface\b/i;
const NOTE_VERB = /\b(note|copy|save|record|grab|write down|take note of|make a note of|keep track of)\s+(down\s+)?(the|your|both|these|all)\b/i;
const CREATES_APP = /\bcreate (an?|the|new)\s+(new\s+)?application\b(?!\s*(and|\/|&)\s*provider)(?![- ]provider pair)/i;

interface ReaderRule {
  re: RegExp;
  field: ReaderSetting['field'] | 'name';
  label: string;
}

/** Settings guides leave to the reader; `name` is the application's or the provider's, by the page it is on. */
const READER: ReaderRule[] = [
  { re: /\b(provide|enter|give|choose|type|set) (it )?an? (descriptive |unique |display )?name\b/i, field: 'name', label: 'Name' },
  { re: /\baccept the auto-provided name\b/i, field: 'provider-name', label: 'Name' },
  { re: /\bthe authorization flow to use\b|\b(select|choose|pick) (an|the|any) (available )?authorization flow\b/i, field: 'authorization-flow', label: 'Authorization flow' },
  { re: /\bthe invalidation flow to use\b|\b(select|choose|pick) (an|the|any) (available )?invalidation flow\b/i, field: 'invalidation-flow', label: 'Invalidation flow' },
  {
    re: /\b(select|choose|pick|use|set) (any|an) (available |valid )?(signing key|signing certificate|certificate)\b|\bto use any (available |valid )?certificate\b/i,
    field: 'signing-key',
    label: 'Signing key',
  },
  // Provider-first guides: the application form's Provider field gets the provider created before.
  { re: /\b(select|choose) the provider (that )?(you('ve| have)? )?(just )?(created|made)\b|\b(which|that) uses (this|the|`[^`]*`|\S+) provider\b/i, field: 'other', label: 'Provider' },
];

/** The clause of `text` that starts at `from`: up to the next comma, semicolon or full stop outside parentheses. */
function clauseAt(text: string, from: number): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ',' || c === ';' || (c === '.' && (i + 1 === text.length || /\s/.test(text[i + 1]!))))) return text.slice(from, i).trim();
  }
  return text.slice(from).trim();
}

function noted(text: string): NotedValue[] {
  const m = NOTE_VERB.exec(text);
  if (!m) return [];
  const rest = text.slice(m.index);
  const out: NotedValue[] = [];
  if (/client[\s_-]*id\b/i.test(rest)) out.push('clientId');
  if (/client[\s_-]*secret|\bsecret id\b/i.test(rest)) out.push('clientSecret');
  if (/\bslug\b/i.test(rest)) out.push('slug');
  return out;
}

export function authentikUiOf(segs: readonly Segment[]): AuthentikUi {
  const split = splitKeyValue([...segs]);
  // "**Configure Bindings** _(optional)_: …" has no key-value shape; its leading bold label still names the page.
  const lead = segs.find((s) => !(s.kind === 'text' && s.text.trim() === ''));
  const page = split && PAGE.test(split.key.trim()) ? split.key.trim() : lead?.kind === 'strong' && PAGE.test(lead.text.trim()) ? lead.text.trim() : null;
  const text = segmentsText(segs).replace(/\s+/g, ' ').trim();
  const body = split && page === split.key.trim() ? segmentsText(split.rest).replace(/\s+/g, ' ').trim() : text;

  const reader: ReaderSetting[] = [];
  let nameSaid: { at: number; said: string } | null = null;
  for (const rule of READER) {
    const m = rule.re.exec(body);
    if (!m) continue;
    const said = clauseAt(body, m.index);
    if (rule.field === 'name' || rule.field === 'provider-name') {
      if (nameSaid && nameSaid.at <= m.index) continue; // "provide a name (or accept the auto-provided name)" is one setting
      nameSaid = { at: m.index, said };
      continue;
    }
    reader.push({ field: rule.field, label: rule.label, said });
  }
  if (nameSaid) {
    const field = page
      ? /provider/i.test(page)
        ? 'provider-name'
        : 'application-name'
      : /auto-provided|provider/i.test(nameSaid.said)
        ? 'provider-name'
        : /application/i.test(nameSaid.said)
          ? 'application-name'
          : 'other';
    reader.unshift({ field, label: 'Name', said: nameSaid.said });
  }

  return {
    page,
    reader,
    note: noted(text),
    signIn: SIGN_IN.test(text),
    creates: CREATES_APP.test(text) ? 'application' : null,
  };
}

export function hasAuthentikUi(ui: AuthentikUi): boolean {
  return ui.page !== null || ui.reader.length > 0 || ui.note.length > 0 || ui.signIn || ui.creates !== null;
}
