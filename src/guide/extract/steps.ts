/**
 * UI actions in one sentence, read from its marked-up labels (bold or italic) and the words before them:
 *   "Navigate to **Settings** > **Authentication**"            → path ["Settings", "Authentication"]
 *   "under _Settings_, _Authentication_, Select _OAuth_ and _Custom_" → path [...], choose ["OAuth", "Custom"]
 *   "Under **Authentication method**, select **OAuth**"          → choose ["OAuth"], under ["Authentication method"]
 *   "Click **Save settings**"                                      → click ["Save settings"]
 *   "toggle **Automatic team membership** to **ON**"               → toggles [{ label, on: true }]
 */
import { segmentsText, type Segment } from './inline.js';

export interface StepActions {
  path: string[];
  choose: string[];
  under: (string | null)[];
  click: string[];
  toggles: { label: string; on: boolean }[];
}

type Mode = 'nav' | 'under' | 'choose' | 'click' | 'toggle' | null;

const NAV = /\b(navigate to|go to|browse to|head to|head over to|open|access|visit)\s+(the\s+)?$/i;
const UNDER = /\b(under|in the|within|from the)\s+(the\s+)?$/i;
const CHOOSE = /\b(select|choose|pick|set it to)\s+(the\s+|an?\s+)?(option\s+)?$/i;
const CLICK = /\b(click|press|tap|hit|click on)\s+(on\s+)?(the\s+)?$/i;
const TOGGLE_ON = /\b(toggle|enable|turn on|switch on|activate|check)\s+(the\s+)?$/i;
const TOGGLE_OFF = /\b(disable|turn off|switch off|deactivate|uncheck)\s+(the\s+)?$/i;
const CHAIN = /^\s*(>|→|->|»|\/|,)\s*$/;
const AND = /^\s*(,|and|,\s*and|or|, or)\s*$/i;
const STATE = /^(on|off|enabled?|disabled?|true|false|checked|unchecked)$/i;

const isOn = (s: string) => /^(on|enabled?|true|checked)$/i.test(s);

const clean = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/[.:]$/, '').trim();

export function stepActions(segs: readonly Segment[]): StepActions {
  const out: StepActions = { path: [], choose: [], under: [], click: [], toggles: [] };
  let mode: Mode = null;
  let chain: string[] = [];
  let chainOpenedBy: 'nav' | 'under' | null = null;
  let pendingUnder: string | null = null;
  let lastToggle: { label: string; on: boolean } | null = null;
  let between = '';

  const closeChain = (followingText: string) => {
    if (chain.length === 0) return;
    const followedByChoice = CHOOSE.test(followingText.replace(/^[\s,]+/, ''));
    if (chainOpenedBy === 'under' && chain.length === 1) {
      // "Under **Provider**, select **Custom**": the group the next choice is made in.
      pendingUnder = followedByChoice ? chain[0]! : null;
    } else {
      out.path.push(...chain);
      pendingUnder = null;
    }
    chain = [];
    chainOpenedBy = null;
  };

  for (const seg of segs) {
    if (seg.kind === 'text' || seg.kind === 'code' || seg.kind === 'kbd' || seg.kind === 'link') {
      if (seg.kind === 'text') between += seg.text;
      else between += '\u0000'; // a literal breaks chains of labels
      continue;
    }
    const label = clean(seg.text);
    const before = between;
    between = '';
    if (!label) continue;

    if (chain.length > 0 && CHAIN.test(before)) {
      chain.push(label);
      continue;
    }
    if (chain.length > 0) closeChain(before);

    if (lastToggle && /^\s*to\s+$/i.test(before) && STATE.test(label)) {
      lastToggle.on = isOn(label);
      lastToggle = null;
      continue;
    }
    lastToggle = null;

    if ((mode === 'choose' || mode === 'click') && AND.test(before)) {
      if (mode === 'choose') {
        out.choose.push(label);
        out.under.push(pendingUnder);
      } else out.click.push(label);
      continue;
    }

    if (NAV.test(before)) {
      mode = 'nav';
      chain = [label];
      chainOpenedBy = 'nav';
    } else if (/\bunder\s+(the\s+)?$/i.test(before) || (UNDER.test(before) && !CHOOSE.test(before))) {
      mode = 'under';
      chain = [label];
      chainOpenedBy = 'under';
    } else if (CHOOSE.test(before)) {
      mode = 'choose';
      out.choose.push(label);
      out.under.push(pendingUnder);
    } else if (CLICK.test(before)) {
      mode = 'click';
      out.click.push(label);
    } else if (TOGGLE_ON.test(before) || TOGGLE_OFF.test(before)) {
      mode = 'toggle';
      lastToggle = { label, on: TOGGLE_ON.test(before) };
      out.toggles.push(lastToggle);
    } else {
      mode = null;
    }
  }
  if (chain.length > 0) closeChain(between);
  return out;
}

export function hasActions(a: StepActions): boolean {
  return a.path.length + a.choose.length + a.click.length + a.toggles.length > 0;
}

export function stepText(segs: readonly Segment[]): string {
  return segmentsText(segs).replace(/\s+/g, ' ').trim();
}

/** Prose values that switch something on or off ("**Use SSO**: enabled."); the walker and the plan both read them so. */
export function toggleState(value: string | null): boolean | null {
  if (value === null) return null;
  const v = value.trim().replace(/[.!]$/, '').toLowerCase();
  if (/^(enabled?|on|checked|ticked|toggled|toggled on|turned on|true|yes)$/.test(v)) return true;
  if (/^(disabled?|off|unchecked|unticked|toggled off|turned off|false|no)$/.test(v)) return false;
  return null;
}
