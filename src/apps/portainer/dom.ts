/**
 * Finding things in the page by the text a person reads, the way the guide names them.
 *
 * The scanners run inside the page. They are kept as plain JavaScript source (not TypeScript functions handed to
 * `page.evaluate`) because a transpiler that keeps function names (tsx/esbuild `keepNames`) would inject a
 * `__name` helper the page does not have.
 *
 * A label's "own text" is what a person reads: its rendered text without decorations such as Portainer's tooltip
 * icon (`<portainer-tooltip>`, svg icons, `[role=tooltip]`, `aria-hidden`). Keys compare own texts case-insensitively
 * with whitespace collapsed and a trailing ":" or "*" dropped, so the guide's "Access Token URL" finds Portainer's
 * "Access token URL".
 */
import { errors, type Page } from 'playwright-core';
import { escapeRegExp } from '../../regexp.js';

/** The same comparison key as the in-page `key()`, for use in Node. */
export function labelKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b\u00ad]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:*]+$/, '')
    .toLowerCase();
}

const IN_PAGE_LIBRARY = String.raw`
const norm = (s) => String(s).replace(/[\u200b\u00ad]/g, '').replace(/\s+/g, ' ').trim();
const key = (s) => norm(String(s).normalize('NFKC')).replace(/[\s:*]+$/, '').toLowerCase();
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
const isDecoration = (el) => {
  const tag = el.tagName.toLowerCase();
  if (tag === 'svg' || tag === 'img' || tag.includes('tooltip')) return true;
  if (el.getAttribute('aria-hidden') === 'true' || el.getAttribute('role') === 'tooltip') return true;
  const cls = typeof el.className === 'string' ? el.className.toLowerCase() : '';
  const cy = (el.getAttribute('data-cy') || '').toLowerCase();
  return cls.includes('tooltip') || cy.includes('tooltip');
};
const isRendered = (el) => {
  const st = getComputedStyle(el);
  return st.display !== 'none' && st.visibility !== 'hidden';
};
const isVisible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const ownText = (el) => {
  let t = '';
  for (const c of el.childNodes) {
    if (c.nodeType === 3) t += c.nodeValue;
    else if (c.nodeType === 1 && !SKIP.has(c.tagName) && !isDecoration(c) && isRendered(c)) {
      const inline = getComputedStyle(c).display.startsWith('inline');
      t += inline ? ownText(c) : ' ' + ownText(c) + ' ';
    }
  }
  return t;
};
/* Mirrors Playwright's elementText(): what getByLabel(text, { exact: true }) compares against. */
const fullText = (el) => {
  let t = '';
  for (const c of el.childNodes) {
    if (c.nodeType === 3) t += c.nodeValue || '';
    else if (c.nodeType === 1 && !SKIP.has(c.tagName)) t += fullText(c);
  }
  if (el.shadowRoot) t += fullText(el.shadowRoot);
  return t;
};
const follows = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 && !a.contains(b);
const NOT_HEADINGS = new Set(['LABEL', 'BUTTON', 'INPUT', 'SELECT', 'OPTION', 'TEXTAREA', 'A', 'BODY', 'HTML']);
/* The innermost visible elements whose own text is the key: section titles, legends, headings. */
const headingsMatching = (k) => {
  const candidates = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = key(n.nodeValue || '');
    if (!t || !k.includes(t)) continue;
    let a = n.parentElement;
    for (let i = 0; i < 3 && a; i++, a = a.parentElement) candidates.add(a);
  }
  const hits = [...candidates].filter(
    (el) => !NOT_HEADINGS.has(el.tagName) && !el.closest('label, button, a') && isVisible(el) && key(ownText(el)) === k,
  );
  return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
};
/* The next section title of the same kind ends a heading's group. */
const groupEnd = (h) => {
  let sel = null;
  if (/^H[1-6]$/.test(h.tagName)) sel = 'h1, h2, h3, h4, h5, h6';
  else if (h.tagName === 'LEGEND') sel = 'legend';
  else if (h.classList.length) sel = h.tagName.toLowerCase() + [...h.classList].map((c) => '.' + CSS.escape(c)).join('');
  if (!sel) return null;
  return [...document.querySelectorAll(sel)].find((el) => el !== h && follows(h, el)) || null;
};
const inGroup = (h, el) => {
  if (h.tagName === 'LEGEND' && h.parentElement) return h.parentElement.contains(el);
  if (!follows(h, el)) return false;
  const end = groupEnd(h);
  return !end || follows(el, end);
};
const near = (el, other, levels) => {
  let a = el;
  for (let i = 0; i < levels && a; i++) {
    a = a.parentElement;
    if (a && a.contains(other)) return true;
  }
  return false;
};
const checkboxNextTo = (el) => {
  let a = el;
  for (let i = 0; i < 3 && a; i++) {
    a = a.parentElement;
    if (!a) break;
    const boxes = [...a.querySelectorAll('input[type=checkbox]')].filter((c) => el.contains(c) || follows(el, c));
    if (boxes.length) return boxes[0];
  }
  return null;
};
const visibleLabelTexts = () =>
  [...document.querySelectorAll('label')].filter(isVisible).map((l) => norm(ownText(l))).filter(Boolean);

/* fill(): the visible labels whose own text is the key, with what Playwright's getByLabel sees. */
const findFieldLabels = (k) => {
  const out = [];
  for (const l of document.querySelectorAll('label')) {
    if (!isVisible(l) || key(ownText(l)) !== k) continue;
    const c = l.control;
    out.push({ full: norm(fullText(l)), control: c ? { tag: c.tagName, type: (c.type || '').toLowerCase() } : null });
  }
  return out.length ? { status: 'found', labels: out } : { status: 'missing', available: visibleLabelTexts() };
};

/* toggle(): the checkbox a visible text label switches. */
const findSwitch = (k) => {
  const boxes = [...document.querySelectorAll('input[type=checkbox]')];
  const texts = [...document.querySelectorAll('label')].filter((l) => isVisible(l) && key(ownText(l)) === k);
  for (const h of headingsMatching(k)) if (!texts.includes(h)) texts.push(h);
  for (const t of texts) {
    const control = t.tagName === 'LABEL' ? t.control : null;
    /* A label's for= may name a wrong or far-away element (Portainer's <label for="tls">), so trust it only nearby. */
    const box = control && control.type === 'checkbox' && near(t, control, 3) ? control : checkboxNextTo(t);
    if (box) return { status: 'found', index: boxes.indexOf(box), checked: box.checked, disabled: box.disabled };
  }
  return { status: 'missing', available: visibleLabelTexts() };
};

/* choose(): a radio option's label by its visible text, inside the group titled "under" when given. */
const findOption = (optionKey, underKey) => {
  let groups = null;
  if (underKey) {
    groups = headingsMatching(underKey);
    if (!groups.length) return { status: 'no-group' };
  }
  const labels = [...document.querySelectorAll('label')];
  const available = [];
  for (let index = 0; index < labels.length; index++) {
    const l = labels[index];
    const radio = l.control;
    if (!radio || radio.type !== 'radio' || !isVisible(l)) continue;
    if (groups && !groups.some((h) => inGroup(h, l))) continue;
    const parts = [l, ...l.querySelectorAll('*')].filter((d) => d === l || (!isDecoration(d) && isRendered(d)));
    const texts = parts.map((d) => key(ownText(d))).filter(Boolean);
    available.push(norm(ownText(l)));
    if (texts.includes(optionKey)) {
      return { status: 'found', labelIndex: index, radioId: radio.id || null, checked: radio.checked, disabled: radio.disabled };
    }
  }
  return { status: 'no-option', available };
};

/* choose() on a select: the select labelled "under", and its option whose text is the key. */
const findSelectOption = (optionKey, underKey) => {
  for (const l of document.querySelectorAll('label')) {
    const s = l.control;
    if (!s || s.tagName !== 'SELECT' || !isVisible(l) || key(ownText(l)) !== underKey) continue;
    const opt = [...s.options].find((o) => key(o.label || o.text) === optionKey);
    return opt
      ? { status: 'found', full: norm(fullText(l)), optionLabel: opt.label || opt.text }
      : { status: 'no-option', available: [...s.options].map((o) => norm(o.label || o.text)) };
  }
  return { status: 'no-select' };
};

/* choose() with a group: a select labelled "under" wins over radio boxes in a section titled "under". */
const findChoice = (optionKey, underKey) => {
  if (underKey) {
    const s = findSelectOption(optionKey, underKey);
    if (s.status !== 'no-select') return Object.assign({ kind: 'select' }, s);
  }
  return Object.assign({ kind: 'radio' }, findOption(optionKey, underKey));
};
`;

function inPage(call: string): string {
  return `(() => {\n${IN_PAGE_LIBRARY}\nreturn ${call};\n})()`;
}

function callOf(fn: string, ...args: unknown[]): string {
  return `${fn}(${args.map((a) => JSON.stringify(a ?? null)).join(', ')})`;
}

export type FieldLabels =
  | { status: 'found'; labels: { full: string; control: { tag: string; type: string } | null }[] }
  | { status: 'missing'; available: string[] };
export type SwitchLookup =
  | { status: 'found'; index: number; checked: boolean; disabled: boolean }
  | { status: 'missing'; available: string[] };
export type OptionLookup =
  | { status: 'found'; labelIndex: number; radioId: string | null; checked: boolean; disabled: boolean }
  | { status: 'no-group' }
  | { status: 'no-option'; available: string[] };
export type SelectOptionLookup =
  | { status: 'found'; full: string; optionLabel: string }
  | { status: 'no-option'; available: string[] }
  | { status: 'no-select' };

/**
 * Waits (bounded) until the scanner finds what it looks for; on timeout returns its last answer, which says what
 * is missing. The page may still be rendering the form when the plan asks, hence the wait.
 */
async function lookUp<T extends { status: string }>(page: Page, call: string, timeoutMs: number): Promise<T> {
  try {
    const handle = await page.waitForFunction(
      inPage(`(() => { const r = ${call}; return r.status === 'found' ? r : null; })()`),
      undefined,
      { timeout: Math.max(1, timeoutMs) }, // 0 would mean "no timeout" to Playwright
    );
    return (await handle.jsonValue()) as T;
  } catch (err) {
    if (!(err instanceof errors.TimeoutError)) throw err;
    return (await page.evaluate(inPage(call))) as T;
  }
}

export function findFieldLabels(page: Page, label: string, timeoutMs: number): Promise<FieldLabels> {
  return lookUp(page, callOf('findFieldLabels', labelKey(label)), timeoutMs);
}

export function findSwitch(page: Page, label: string, timeoutMs: number): Promise<SwitchLookup> {
  return lookUp(page, callOf('findSwitch', labelKey(label)), timeoutMs);
}

export type ChoiceLookup = ({ kind: 'radio' } & OptionLookup) | ({ kind: 'select' } & SelectOptionLookup);

export function findChoice(page: Page, option: string, under: string | null, timeoutMs: number): Promise<ChoiceLookup> {
  return lookUp(page, callOf('findChoice', labelKey(option), under === null ? null : labelKey(under)), timeoutMs);
}

/** A case-insensitive whole-text matcher for getByRole names, tolerant of a trailing ":" or "*". */
export function nameMatcher(text: string): RegExp {
  const escaped = escapeRegExp(text.trim().replace(/\s+/g, ' ')).replace(/ /g, '\\s+');
  return new RegExp(`^\\s*${escaped}\\s*[:*]?\\s*$`, 'i');
}
