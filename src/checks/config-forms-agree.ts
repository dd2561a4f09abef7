/**
 * Checks that a guide's alternative configuration blocks say the same thing: the configuration file and the
 * environment variables a container takes instead (pgAdmin's `config_local.py` and its `PGADMIN_CONFIG_*`
 * variables). A key set to different values in the two, or set in one and not the other, is reported at the
 * lines of both blocks.
 *
 * ## When to use
 *
 * Always. A reader uses one of the two blocks, depending on how they deploy the application, so the two must be
 * the same configuration. When they differ, one deployment gets something the author did not mean, and nothing
 * in the guide says which block is right.
 *
 * Blocks are alternatives when one is environment variables whose names are the other block's keys under one
 * prefix (`PGADMIN_CONFIG_OAUTH2_CONFIG` is `OAUTH2_CONFIG`: pgAdmin's container writes each `PGADMIN_CONFIG_X`
 * into its configuration as `X`), for at least half of the variables. Values inside a structured value are
 * compared key by key (`OAUTH2_CONFIG[0].OAUTH2_DISPLAY_NAME`). Blocks that show a variation (under "General
 * Notes") are not compared.
 *
 * ## Severity
 *
 * - `warning`: the two forms set a key to different values, or only one of them sets it. Which value a reader
 *   gets depends on how they deploy, which is a likely problem, but not every difference breaks the sign-in (a
 *   button label does not, a missing client secret does).
 *
 * ## Options
 *
 * None.
 *
 * ## Fix
 *
 * Make the two blocks the same configuration: the same keys, the same values (or the same placeholder), in each
 * form's own syntax.
 *
 * @example
 *   {"name": "example/index.md"}
 *
 *   ---
 *   title: Integrate with Example
 *   ---
 *
 *   ## Example configuration
 *
 *   ### Using `settings.py`
 *
 *   ```python
 *   SSO_SOURCES = ['oauth2', 'internal']
 *   SSO_CONFIG = [{'NAME': 'authentik', 'CLIENT_ID': '<Client ID from authentik>'}]
 *   ```
 *
 *   ### Using environment variables
 *
 *   ```bash
 *   EXAMPLE_SSO_SOURCES="['oauth2','internal']"
 *   EXAMPLE_SSO_CONFIG="[{'NAME':'authentik','CLIENT_ID':'<Client ID from authentik>'}]"
 *   ```
 *
 * @example
 *   {"name": "example/index.md", "label": "input"}
 *
 *   ---
 *   title: Integrate with Example
 *   ---
 *
 *   ## Example configuration
 *
 *   ### Using `settings.py`
 *
 *   ```python
 *   SSO_AUTO_CREATE = True
 *   SSO_CONFIG = [{'NAME': 'authentik', 'DISPLAY_NAME': 'authentik'}]
 *   ```
 *
 *   ### Using environment variables
 *
 *   ```bash
 *   EXAMPLE_SSO_CONFIG="[{'NAME':'authentik','DISPLAY_NAME':'Login with authentik'}]"
 *   ```
 *
 * @example
 *   {"name": "example/index.md", "label": "output"}
 *
 *   10:19: warning: `SSO_AUTO_CREATE` is set here but not in the environment variables (line 16)
 *   11:53: warning: `SSO_CONFIG[0].DISPLAY_NAME` is `authentik` here but `Login with authentik` in the environment variables (line 17)
 *   17:57: warning: `EXAMPLE_SSO_CONFIG[0].DISPLAY_NAME` is `Login with authentik` here but `authentik` in settings.py (line 11)
 */
import type { ConfigBlock, Setting } from '../guide/model.js';
import { canonicalPath, keyPathText } from '../guide/extract/config-blocks.js';
import { createRule } from './rule.js';

/** What a reader writes: the value, its placeholder reference, and whether it is a literal or a quoted string. */
function shown(s: Setting): string {
  if (s.value === null) return s.ref ? `a reference to the ${s.ref}` : 'no value';
  return `\`${s.value}\``;
}

/** Two values agree when a reader gets the same configuration: literals compared without their spacing. */
function same(a: Setting, b: Setting): boolean {
  if (a.value === null || b.value === null) return a.value === b.value && a.ref === b.ref;
  if ((a.syntax ?? 'string') !== (b.syntax ?? 'string')) return false;
  const norm = (s: Setting) => (s.syntax === 'literal' ? s.value!.replace(/\s+/g, '').replace(/"/g, "'") : s.value!);
  return norm(a) === norm(b);
}

function where(block: ConfigBlock, line: number): string {
  return `${block.form === 'env' ? 'the environment variables' : (block.file ?? 'the configuration file')} (line ${line})`;
}

export default createRule(
  { id: 'config-forms-agree', severity: 'warning', doc: "A guide's alternative configuration blocks (file and environment variables) set the same keys to the same values." },
  ({ guide, report }) => {
    const blocks = guide.configBlocks ?? [];
    for (const a of blocks) {
      for (const bLine of a.alternatives) {
        const b = blocks.find((x) => x.line === bLine);
        if (!b || b.line < a.line) continue;
        const byKey = (block: ConfigBlock) => {
          const map = new Map<string, Setting>();
          for (const s of guide.settings.filter((x) => x.block === block.line)) map.set(JSON.stringify(canonicalPath(s, block)), s);
          return map;
        };
        const inA = byKey(a);
        const inB = byKey(b);
        const findings: { s: Setting; message: string }[] = [];
        const label = (s: Setting) => `\`${keyPathText(s.keyPath ?? [s.key])}\``;
        for (const [key, s] of inA) {
          const t = inB.get(key);
          if (!t) findings.push({ s, message: `${label(s)} is set here but not in ${where(b, b.line)}` });
          else if (!same(s, t)) {
            findings.push({ s, message: `${label(s)} is ${shown(s)} here but ${shown(t)} in ${where(b, t.line)}` });
            findings.push({ s: t, message: `${label(t)} is ${shown(t)} here but ${shown(s)} in ${where(a, s.line)}` });
          }
        }
        for (const [key, t] of inB) if (!inA.has(key)) findings.push({ s: t, message: `${label(t)} is set here but not in ${where(a, a.line)}` });
        for (const f of findings) {
          report({
            line: f.s.line,
            column: f.s.column,
            message: f.message,
            hint: 'A reader uses one of the two blocks, depending on how they deploy; make them the same configuration.',
          });
        }
      }
    }
  },
);
