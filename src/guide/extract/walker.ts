/**
 * One pass over the guide's syntax tree, in document order. Headings set the section, whether it is
 * optional, and which side (authentik or the application) its instructions are for; lists, admonitions,
 * tabs and tables are entered; each paragraph is read once into segments and handed to the extractors
 * (provider type, redirect URIs, placeholders, settings, steps, tested-with, URLs).
 */
import type { Code, Heading as MdHeading, List, ListItem, Paragraph, Root, RootContent, Table } from 'mdast';
import type { Heading, Placeholder, Provider, Resource, Setting, Step, TestedWith, UrlUse, Variable } from '../model.js';
import { plainText, segmentsOf, segmentsText, stripAdmonitionFences, unescapeCode, type Segment } from './inline.js';
import { splitKeyValue } from './keyvalue.js';
import { findProviderChoice, findProviderCreation, providerTypeOf } from './providers.js';
import { announcesRedirect, isNoteOnly, modeInLabel, scanUris, type RedirectScope } from './redirects.js';
import { hasActions, stepActions, stepText, toggleState } from './steps.js';
import { testedWithIn } from './tested-with.js';
import { authentikUiOf, hasAuthentikUi, WIZARD_PAGE, type AuthentikUi } from './authentik-ui.js';
import { urlsInCode, urlsInSegments } from './urls.js';
import { isExplanation, placeholderRef, refIn, valueOf, type ExtractedValue } from './values.js';
import { settingsInCode } from './codeblock.js';
import { cellText, looksLikeRegex, resolveSegments, resolveSetting, variableColumns, type VariableColumns } from './variables.js';

export type Side = 'authentik' | 'app';

export interface WalkResult {
  placeholders: Placeholder[];
  variables: Variable[];
  providers: Provider[];
  settings: Setting[];
  steps: Step[];
  headings: Heading[];
  urls: UrlUse[];
  resources: Resource[];
  testedWith: TestedWith | null;
}


/** A lead-in that is an instruction, not a field label ("Access the Market by visiting: …"). */
const IMPERATIVE_KEY = /^(access|add|click|navigate|go|open|install|download|visit|see|read|refer|ensure|make sure|restart|run|log in|sign in|copy|paste|create|edit|note|remember|repeat|follow)\s+(the|a|an|to|your|this|it|on|in|by|all|any)\b|^(then|next|finally|first)\b/i;

/** Keys that are the authentik redirect URI list itself. */
const REDIRECT_KEY = /^(redirect\s*(uri|url)s?(\s*\/\s*origins)?|allowed redirect uris)$/i;

interface Ctx {
  /** Side forced by the enclosing list ("Log in to authentik …" opens an authentik list). */
  side: Side | null;
  optional: boolean;
  /** A parent bullet announced redirect URIs; nested bullets are read as URIs with this mode/kind. */
  redirect: RedirectScope | null;
  /** The list item whose step collects toggles from nested "**X**: enabled" settings. */
  host: ItemHost | null;
  /** Inside the list of placeholders ("The following placeholders are used in this guide:"). */
  placeholders: boolean;
}

interface ItemHost {
  step: Step | null;
  segs: Segment[];
  line: number;
  column: number;
  side: Side;
  optional: boolean;
}

interface TabsState {
  defaultValue: string | null;
  first: boolean;
}

const OPTIONAL = /\(optional\)|\boptional\b\s*$/i;

function sideOfHeadings(stack: readonly Heading[]): Side {
  for (let i = stack.length - 1; i >= 0; i--) {
    const t = stack[i]!.text;
    if (/\bauthentik\b/i.test(t)) return 'authentik';
    if (/(property|scope) mappings?|entitlements?|\boutposts?\b|application and provider|provider and application|application\/provider|\bprovider\b.*\bin authentik/i.test(t))
      return 'authentik';
    if (/configur|set ?up|settings|install|deploy|enabl|integrat|connect|verif|sign|log ?in/i.test(t)) return 'app';
  }
  return 'app';
}

/** A list whose first item says where to log in decides the side for all its items. */
function sideOfList(list: List): Side | null {
  const first = list.children[0]?.children[0];
  if (!first || first.type !== 'paragraph') return null;
  const text = plainText(first.children);
  if (/\b(log|sign) ?in(to)? (to )?(the )?authentik\b|authentik admin interface|\bin the authentik\b|\bin authentik\b/i.test(text)) return 'authentik';
  if (/^\s*(log|sign) ?in(to)? (to )?/i.test(text)) return 'app';
  return null;
}

function attr(node: { attributes?: unknown[] }, name: string): string | null {
  for (const a of node.attributes ?? []) {
    const at = a as { type: string; name?: string; value?: unknown };
    if (at.type !== 'mdxJsxAttribute' || at.name !== name) continue;
    if (typeof at.value === 'string') return at.value;
    if (at.value === null || at.value === undefined) return 'true';
    const expr = (at.value as { value?: string }).value;
    return typeof expr === 'string' ? expr.replace(/^["'`]|["'`]$/g, '') : null;
  }
  return null;
}

export class GuideWalker {
  readonly out: WalkResult = {
    placeholders: [],
    variables: [],
    providers: [],
    settings: [],
    steps: [],
    headings: [],
    urls: [],
    resources: [],
    testedWith: null,
  };
  private headingStack: Heading[] = [];
  private section = '';
  private sectionOptional = false;
  private headingSide: Side = 'app';
  private tabs: TabsState[] = [];
  /** The variables defined so far, by name. */
  private readonly vars = new Map<string, Variable>();

  private pushSetting(side: Side, key: string, v: ExtractedValue, optional: boolean, origin: Setting['origin']): void {
    const { value, ref, alternatives, line, column, literal } = v;
    this.out.settings.push({ section: this.section, side, key, value, ref, alternatives, line, column, literal, optional, origin });
  }
  private tabOptional = false;
  /** Set by `instruction` when the sentence created a provider outside the wizard ("Create an OAuth2/OpenID Provider"). */
  private providerCreated = false;

  walk(tree: Root): WalkResult {
    this.blocks(tree.children, { side: null, optional: false, redirect: null, host: null, placeholders: false });
    for (const setting of this.out.settings) resolveSetting(setting, this.vars);
    return this.out;
  }

  private sideOf(ctx: Ctx): Side {
    return ctx.side ?? this.headingSide;
  }

  private optionalOf(ctx: Ctx): boolean {
    return ctx.optional || this.sectionOptional || this.tabOptional;
  }

  private blocks(nodes: readonly RootContent[], ctx: Ctx): void {
    let announcesPlaceholders = false;
    for (const node of nodes) {
      switch (node.type) {
        case 'heading':
          this.heading(node);
          break;
        case 'paragraph': {
          const text = plainText(node.children);
          announcesPlaceholders = /placeholders?\b/i.test(text) && /\b(used|following)\b/i.test(text);
          this.paragraph(node, ctx);
          continue;
        }
        case 'list':
          this.list(node, { ...ctx, placeholders: ctx.placeholders || announcesPlaceholders || /preparation|placeholder/i.test(this.section) });
          break;
        case 'blockquote':
          this.blocks(node.children, ctx);
          break;
        case 'containerDirective': {
          const children = node.children.filter((c) => !(c.type === 'paragraph' && (c.data as { directiveLabel?: boolean } | undefined)?.directiveLabel));
          this.blocks(children as RootContent[], ctx);
          break;
        }
        case 'table':
          this.table(node, ctx);
          break;
        case 'code':
          this.code(node, ctx);
          break;
        case 'definition':
          this.resource('link', node.url, node);
          break;
        case 'mdxjsEsm':
          this.esm(node as unknown as { value: string; data?: { estree?: unknown } } & RootContent);
          break;
        case 'mdxJsxFlowElement':
          this.jsx(node as unknown as JsxFlow, ctx);
          break;
        default:
          break;
      }
      announcesPlaceholders = false;
    }
  }

  private heading(node: MdHeading): void {
    const text = stripAdmonitionFences(plainText(node.children)).replace(/\s+/g, ' ').trim();
    const start = node.position?.start ?? { line: 1, column: 1 };
    const h: Heading = { depth: node.depth, text, line: start.line, column: start.column };
    this.out.headings.push(h);
    while (this.headingStack.length && this.headingStack[this.headingStack.length - 1]!.depth >= node.depth) this.headingStack.pop();
    this.headingStack.push(h);
    this.section = text;
    this.sectionOptional = this.headingStack.some((x) => OPTIONAL.test(x.text));
    this.headingSide = sideOfHeadings(this.headingStack);
    this.urlsOf(segmentsOf(node.children));
  }

  private list(node: List, ctx: Ctx): void {
    const side = sideOfList(node) ?? ctx.side;
    // Siblings share one redirect scope so "- `Strict`" can set the mode for the bullets after it.
    const redirect = ctx.redirect ? { ...ctx.redirect } : null;
    for (const item of node.children) this.item(item, { ...ctx, side, redirect });
  }

  private item(item: ListItem, ctx: Ctx): void {
    const [first, ...rest] = item.children;
    if (!first || first.type !== 'paragraph') {
      this.blocks(item.children, { ...ctx, host: null });
      return;
    }
    const segs = segmentsOf(first.children);
    const start = first.position?.start ?? { line: 1, column: 1 };
    const side = this.sideOf(ctx);
    const optional = this.optionalOf(ctx) || segs.some((s) => s.kind === 'em' && /^\(optional\)$/i.test(s.text.trim()));
    const host: ItemHost = { step: null, segs, line: start.line, column: start.column, side, optional };
    let childCtx: Ctx = { ...ctx, optional, host, redirect: null, placeholders: false };
    this.urlsOf(segs);
    this.testedWith(segs, start.line);

    if (ctx.redirect) {
      const scan = this.scanUris(segs, ctx.redirect, null);
      ctx.redirect.mode = scan.scope.mode;
      ctx.redirect.kind = scan.scope.kind;
      if (scan.uris.length || scan.namedScope) {
        this.addUris(scan.uris, start.line);
        childCtx.redirect = scan.scope;
        this.blocks(rest, childCtx);
        return;
      }
    }

    if (ctx.placeholders && this.placeholder(segs)) {
      this.blocks(rest, childCtx);
      return;
    }

    const ui = side === 'authentik' ? authentikUiOf(segs) : null;
    this.providerCreated = false;
    const handled = this.instruction(segs, side, optional, host, ctx, rest, (scope) => {
      childCtx = { ...childCtx, redirect: scope };
    });
    if (!handled) {
      const actions = stepActions(segs);
      if (hasActions(actions)) host.step = this.addStep(segs, start, side, optional, actions);
    }
    if (ui) this.authentikUi(ui, host, segs, start);
    this.blocks(rest, childCtx);
  }

  private paragraph(node: Paragraph, ctx: Ctx): void {
    const segs = segmentsOf(node.children);
    const start = node.position?.start ?? { line: 1, column: 1 };
    this.urlsOf(segs);
    this.testedWith(segs, start.line);
    for (const child of node.children) if (child.type === 'image') this.resource('image', child.url, child);
    const side = this.sideOf(ctx);
    const optional = this.optionalOf(ctx);
    const host: ItemHost = { step: null, segs, line: start.line, column: start.column, side, optional };
    // A free paragraph is only a setting when its key is marked up (`**Key**: value`), never "Note: …".
    const keyed = segs.find((s) => !(s.kind === 'text' && s.text.trim() === ''));
    const allowKey = keyed !== undefined && keyed.kind !== 'text' ? 'paragraph' : false;
    const ui = side === 'authentik' ? authentikUiOf(segs) : null;
    this.providerCreated = false;
    const handled = this.instruction(segs, side, optional, host, ctx, [], () => {}, allowKey);
    if (!handled) {
      const actions = stepActions(segs);
      if (hasActions(actions)) host.step = this.addStep(segs, start, side, optional, actions);
    }
    if (ui) this.authentikUi(ui, host, segs, start);
  }

  /**
   * What an authentik-side sentence says beyond clicks and choices (a wizard page, settings left to the reader,
   * values to note, the admin's sign-in, an object created outside the wizard), on the sentence's step. A sentence
   * that creates a provider keeps its navigation and clicks ("navigate to **Applications > Providers**. Create an
   * **OAuth2/OpenID Provider** …"), which the provider alone does not carry.
   */
  private authentikUi(ui: AuthentikUi, host: ItemHost, segs: Segment[], start: { line: number; column: number }): void {
    const creates = ui.creates ?? (this.providerCreated && ui.page === null ? 'provider' : null);
    const all = { ...ui, creates };
    if (!hasAuthentikUi(all)) return;
    if (!host.step) {
      const found = stepActions(segs);
      const actions = this.providerCreated ? { ...found, choose: [], under: [], toggles: [] } : { path: [], choose: [], under: [], click: [], toggles: [] };
      host.step = this.addStep(segs, start, host.side, host.optional, actions);
    }
    const step = host.step;
    if (all.page !== null) step.page = all.page;
    if (all.reader.length) step.reader = all.reader;
    if (all.note.length) step.note = all.note;
    if (all.signIn) step.signIn = true;
    if (all.creates) step.creates = all.creates;
  }

  /**
   * Provider type, redirect URIs, or a setting. Returns true when the sentence was one of those (then it
   * is not also read as a UI step).
   */
  private instruction(
    segs: Segment[],
    side: Side,
    optional: boolean,
    host: ItemHost,
    ctx: Ctx,
    children: readonly RootContent[],
    announce: (scope: RedirectScope) => void,
    allowKey: 'list' | 'paragraph' | false = 'list',
  ): boolean {
    const line = segs[0]?.line ?? host.line;
    const choice = findProviderChoice(segs);
    const provider = choice ?? findProviderCreation(segs, side === 'authentik');
    if (provider) {
      this.providerCreated = choice === null;
      this.out.providers.push({
        type: providerTypeOf(provider.label),
        label: provider.label,
        line: provider.line,
        redirectUris: [],
        section: this.section,
        optional,
      });
      return true;
    }

    const split = splitKeyValue(segs);
    const text = segmentsText(segs);

    if (side === 'authentik' && (split ? REDIRECT_KEY.test(split.key) || /^redirect/i.test(split.key) : announcesRedirect(segs))) {
      if (!isNoteOnly(text) || split) {
        const scan = this.scanUris(split ? split.rest : segs, { mode: split ? modeInLabel(split.key) : 'strict', kind: 'authorization' }, split?.key ?? null);
        if (scan.uris.length) this.addUris(scan.uris, line);
        else if (children.some((c) => c.type === 'list')) announce(scan.scope);
        if (scan.uris.length || children.length || !split) return true;
      }
    }

    if (split && allowKey) {
      // "- Provider: WordPress" under "create an application which uses this provider" is the application form's
      // Provider field, not the wizard's Provider page: a short value of its own, not an instruction.
      const providerField = /^provider$/i.test(split.key.trim()) && /^\s*\S+(\s+\S+){0,3}\s*$/.test(segmentsText(split.rest)) && !/\b(select|choose)\b/i.test(segmentsText(split.rest));
      if (side === 'authentik' && WIZARD_PAGE.test(split.key) && !providerField) return false;
      let value: ExtractedValue | null = valueOf(split.rest, split.key);
      if (!value) {
        const code = children.find((c): c is Code => c.type === 'code');
        if (code && children.indexOf(code) <= 1 && !children.some((c, i) => c.type === 'list' && i < children.indexOf(code))) {
          const at = code.position?.start ?? { line: split.keyLine, column: split.keyColumn };
          value = { value: code.value, ref: null, alternatives: [], literal: true, line: at.line + 1, column: at.column };
        }
      }
      if (!value) return false; // a group label ("**Advanced protocol settings**:") with nested settings
      // "**ownCloud Applications**: Any new connections … will …" is a paragraph with a bold lead-in, not a setting.
      if (!value.literal && value.ref === null && value.value !== null && isExplanation(value.value)) return false;
      if (IMPERATIVE_KEY.test(split.key)) return false;
      if (/^(strict|regex)$/i.test(split.key) && value.literal && side === 'authentik') {
        const scan = this.scanUris(segs, { mode: 'strict', kind: 'authorization' }, null);
        if (scan.uris.length) {
          this.addUris(scan.uris, line);
          return true;
        }
      }
      this.pushSetting(side, split.key, value, optional, allowKey === 'list' ? 'list' : 'paragraph');
      const on = value.literal ? null : toggleState(value.value);
      if (on !== null) this.addToggle(ctx.host ?? host, split.key, on);
      return true;
    }

    // Copy-over form: "**Client ID** > App ID" (the authentik value, then the application's field).
    const copy = copyOver(segs);
    if (copy && side === 'app') {
      this.pushSetting(side, copy.key, copy, optional, 'list');
      return true;
    }

    // Prose form: "Set **Redirect URI** to `https://…`", "Set the **Client ID** to the value from authentik".
    const prose = proseSettings(segs);
    if (prose.length) {
      for (const p of prose) this.pushSetting(side, p.key, p, optional, 'prose');
      return false; // it may also carry a UI action ("… and click **Save**")
    }
    if (side === 'authentik' && announcesRedirect(segs)) {
      const scan = this.scanUris(segs, { mode: 'strict', kind: 'authorization' }, null);
      if (scan.uris.length) {
        this.addUris(scan.uris, line);
        return true;
      }
    }
    return false;
  }

  /**
   * Redirect URIs in a bullet, with the guide's variables resolved: "**Redirect URIs / Origins**:
   * `auth.providerRedirectURI`" is the variable's value. Its matching mode is the one the bullet or its label
   * names; when neither names one, a value written as a regular expression (`https://sharepoint.company/.*`) is a
   * regex URI.
   */
  private scanUris(segs: readonly Segment[], scope: RedirectScope, label: string | null): ReturnType<typeof scanUris> {
    const { segs: resolvedSegs, resolved } = resolveSegments(segs, this.vars);
    const scan = scanUris(resolvedSegs, scope);
    if (resolved.size === 0) return scan;
    const named = scan.namedScope || (label !== null && /\b(strict|regex)\b/i.test(label));
    for (const uri of scan.uris) {
      const variable = [...resolved].find(([seg]) => seg.line === uri.line && seg.column === uri.column)?.[1];
      if (!variable) continue;
      uri.variable = variable.name;
      if (!named && looksLikeRegex(uri.url)) uri.matchingMode = 'regex';
    }
    return scan;
  }

  private addToggle(host: ItemHost, label: string, on: boolean): void {
    if (!host.step) {
      const actions = stepActions(host.segs);
      host.step = this.addStep(host.segs, { line: host.line, column: host.column }, host.side, host.optional, actions);
    }
    host.step.toggles.push({ label, on });
  }

  private addStep(
    segs: Segment[],
    start: { line: number; column: number },
    side: Side,
    optional: boolean,
    actions: ReturnType<typeof stepActions>,
  ): Step {
    const step: Step = {
      section: this.section,
      side,
      line: start.line,
      column: start.column,
      path: actions.path,
      choose: actions.choose,
      under: actions.under,
      click: actions.click,
      toggles: actions.toggles,
      text: stepText(segs),
      optional,
    };
    this.out.steps.push(step);
    return step;
  }

  private addUris(uris: ReturnType<typeof scanUris>['uris'], line: number): void {
    let provider = this.out.providers[this.out.providers.length - 1];
    if (!provider) {
      // A redirect URI without a named provider type (e.g. "Create an OAuth2 application …"):
      // redirect URIs exist only on OAuth2/OpenID providers, so the provider is implied.
      provider = { type: 'oauth2', label: '', line, redirectUris: [], section: this.section, optional: this.sectionOptional || this.tabOptional };
      this.out.providers.push(provider);
    }
    for (const u of uris) {
      if (provider.redirectUris.some((r) => r.url === u.url && r.matchingMode === u.matchingMode && r.kind === u.kind)) continue;
      provider.redirectUris.push({ ...u });
    }
  }

  private placeholder(segs: Segment[]): boolean {
    const tokens: Segment[] = [];
    let i = 0;
    for (; i < segs.length; i++) {
      const s = segs[i]!;
      if (s.kind === 'code' || s.kind === 'kbd' || s.kind === 'em') tokens.push(s);
      else if (s.kind === 'text' && /^\s*(,|and|or|,\s*and)?\s*$/i.test(s.text)) continue;
      else break;
    }
    if (tokens.length === 0) return false;
    const description = segmentsText(segs.slice(i))
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^(is|are)\s+(used\s+(as|for)\s+)?/i, '')
      .replace(/^[-–—:]\s*/, '')
      .replace(/\.$/, '');
    for (const t of tokens) {
      const token = unescapeCode(t.text.trim());
      if (!token || this.out.placeholders.some((p) => p.token === token)) continue;
      this.out.placeholders.push({ token, line: t.line, column: t.column, description });
    }
    return true;
  }

  private table(node: Table, ctx: Ctx): void {
    const [header, ...rows] = node.children;
    if (!header) return;
    const headers = header.children.map((c) => plainText(c.children).trim().toLowerCase());
    const variables = variableColumns(headers);
    if (variables) {
      this.variableTable(rows, variables);
      return;
    }
    let valueCol = headers.findIndex((h) => /\bvalue\b/.test(h));
    if (valueCol <= 0) valueCol = 1;
    const side = this.sideOf(ctx);
    const optional = this.optionalOf(ctx);
    for (const row of rows) {
      const keyCell = row.children[0];
      const valueCell = row.children[valueCol];
      if (!keyCell || !valueCell) continue;
      const key = plainText(keyCell.children).replace(/\s+/g, ' ').trim().replace(/:$/, '');
      const segs = segmentsOf(valueCell.children);
      this.urlsOf(segs);
      const value = valueOf(segs, key);
      if (!key || !value) continue;
      this.pushSetting(side, key, value, optional, 'table');
    }
  }

  /** The rows of a table of variables: each a variable, none a setting. */
  private variableTable(rows: Table['children'], cols: VariableColumns): void {
    for (const row of rows) {
      const nameCell = row.children[cols.name];
      const valueCell = row.children[cols.value];
      if (!nameCell || !valueCell) continue;
      const valueSegs = segmentsOf(valueCell.children);
      this.urlsOf(valueSegs);
      const name = cellText(segmentsOf(nameCell.children));
      const value = cellText(valueSegs);
      if (!name || !value || this.vars.has(name)) continue;
      const descCell = cols.description !== null ? row.children[cols.description] : undefined;
      const at = valueSegs[0] ?? { line: valueCell.position?.start.line ?? 1, column: valueCell.position?.start.column ?? 1 };
      const variable: Variable = { name, value, description: descCell ? cellText(segmentsOf(descCell.children)) : '', line: at.line, column: at.column };
      this.vars.set(name, variable);
      this.out.variables.push(variable);
    }
  }

  private code(node: Code, ctx: Ctx): void {
    const start = node.position?.start ?? { line: 1, column: 1 };
    for (const u of urlsInCode(node.value, start.line + 1, start.column)) this.out.urls.push(u);
    // Snippets on the authentik side are property-mapping expressions and blueprints, not app settings.
    if (this.sideOf(ctx) !== 'app') return;
    const optional = this.optionalOf(ctx);
    for (const c of settingsInCode(node.lang, node.value, start.line + 1, start.column)) {
      const ref = placeholderRef(c.value);
      this.pushSetting('app', c.key, { value: ref ? null : c.value, ref, alternatives: [], line: c.line, column: c.column, literal: true }, optional, 'codeblock');
    }
  }

  private esm(node: { value: string; position?: { start: { line: number; column: number } } }): void {
    const start = node.position?.start ?? { line: 1, column: 1 };
    // One import statement per match; the module specifier is the only string after `from`.
    const re = /\bfrom\s+(["'])([^"']+)\1|^\s*import\s+(["'])([^"']+)\3/gm;
    for (let m = re.exec(node.value); m; m = re.exec(node.value)) {
      const line = start.line + node.value.slice(0, m.index).split('\n').length - 1;
      this.out.resources.push({ kind: 'import', url: (m[2] ?? m[4])!, line, column: 1 });
    }
  }

  private jsx(node: JsxFlow, ctx: Ctx): void {
    const name = node.name ?? '';
    if (name === 'Tabs') {
      this.tabs.push({ defaultValue: attr(node, 'defaultValue'), first: true });
      const saved = this.tabOptional;
      this.blocks(node.children as RootContent[], ctx);
      this.tabOptional = saved;
      this.tabs.pop();
      return;
    }
    if (name === 'TabItem') {
      const tabs = this.tabs[this.tabs.length - 1];
      const value = attr(node, 'value');
      let isDefault = true;
      if (tabs) {
        isDefault = tabs.defaultValue !== null ? value === tabs.defaultValue : attr(node, 'default') !== null || tabs.first;
        tabs.first = false;
      }
      const saved = this.tabOptional;
      this.tabOptional = saved || !isDefault;
      this.blocks(node.children as RootContent[], ctx);
      this.tabOptional = saved;
      return;
    }
    this.blocks(node.children as RootContent[], ctx);
  }

  private resource(kind: Resource['kind'], url: string, node: { position?: { start: { line: number; column: number } } }): void {
    const start = node.position?.start ?? { line: 1, column: 1 };
    this.out.resources.push({ kind, url, line: start.line, column: start.column });
  }

  private urlsOf(segs: Segment[]): void {
    for (const u of urlsInSegments(segs)) this.out.urls.push(u);
    for (const s of segs) if (s.kind === 'link') this.out.resources.push({ kind: 'link', url: s.url ?? '', line: s.line, column: s.column });
  }

  private testedWith(segs: Segment[], line: number): void {
    if (this.out.testedWith) return;
    const found = testedWithIn(segmentsText(segs), line);
    if (found) this.out.testedWith = found;
  }
}

interface JsxFlow {
  type: 'mdxJsxFlowElement';
  name: string | null;
  attributes?: unknown[];
  children: unknown[];
}

const isKeySegment = (s: Segment | undefined): s is Segment => s !== undefined && (s.kind === 'strong' || s.kind === 'em' || s.kind === 'code');

/**
 * "Set (the) **Key** (field) to `value`": a setting written as a sentence. "Set the **Audience** and **Issuer** to
 * `https://…`" sets both keys to the one value: one setting each, at the same value.
 */
function proseSettings(segs: Segment[]): Omit<Setting, 'section' | 'side' | 'optional'>[] {
  for (let i = 0; i + 1 < segs.length; i++) {
    const before = segs[i - 1];
    const first = segs[i];
    if (!isKeySegment(first)) continue;
    if (!before || before.kind !== 'text' || !/\b(set|change|update|fill in|enter|configure)\s+(the\s+)?$/i.test(before.text)) continue;
    const keySegs = [first];
    let toAt = i + 1;
    if (segs[toAt]?.kind === 'text' && /^\s*and\s+(the\s+)?$/i.test(segs[toAt]!.text) && isKeySegment(segs[toAt + 1])) {
      keySegs.push(segs[toAt + 1]!);
      toAt += 2;
    }
    const to = segs[toAt];
    if (!to || to.kind !== 'text') continue;
    const m = /^\s*(fields?|options?|settings?|values?|box(es)?)?\s*to\s+/i.exec(to.text);
    if (!m) continue;
    const restText = to.text.slice(m[0].length);
    const rest: Segment[] = [];
    if (restText.trim()) rest.push({ ...to, text: restText, column: to.column + m[0].length });
    rest.push(...segs.slice(toAt + 1));
    // The value ends with its sentence.
    const cut: Segment[] = [];
    for (const s of rest) {
      if (s.kind === 'text' && /[.;]\s|[.;]$/.test(s.text)) {
        const idx = s.text.search(/[.;](\s|$)/);
        if (idx > 0) cut.push({ ...s, text: s.text.slice(0, idx) });
        break;
      }
      cut.push(s);
    }
    const out: Omit<Setting, 'section' | 'side' | 'optional'>[] = [];
    for (const keySeg of keySegs) {
      const key = keySeg.text.replace(/\s+/g, ' ').trim();
      const value = valueOf(cut, key);
      if (!value) return [];
      out.push({ key, value: value.value, ref: value.ref, alternatives: value.alternatives, line: value.line, column: value.column, literal: value.literal });
    }
    return out;
  }
  return [];
}

/** "**Client ID** > App ID": paste the authentik value named on the left into the application field on the right. */
function copyOver(segs: Segment[]): Omit<Setting, 'section' | 'side' | 'optional'> | null {
  const parts = segs.filter((s) => !(s.kind === 'text' && s.text.trim() === ''));
  const [from, rest] = parts;
  if (parts.length !== 2 || !from || !rest || from.kind !== 'strong' || rest.kind !== 'text') return null;
  const m = /^\s*(?:>|→|->)\s*(\S.*?)\s*$/.exec(rest.text);
  if (!m) return null;
  return {
    key: m[1]!,
    value: null,
    ref: refIn(from.text) ?? 'other',
    alternatives: [],
    line: from.line,
    column: from.column,
    literal: false,
  };
}
