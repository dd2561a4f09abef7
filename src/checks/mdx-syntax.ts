/**
 * Checks that an `.mdx` guide is valid MDX: JSX tags closed and nested, `{…}` expressions and `import`/`export`
 * lines that parse as JavaScript, no bare `<` or `{` in text. Reported at the line and column the MDX parser gives.
 *
 * ## When to use
 *
 * For every `.mdx` guide. The integrations site compiles `.mdx` files with MDX, and a file that does not parse
 * stops the site's build. docproof then reads the file as plain markdown (so the other rules and `docproof
 * extract` still see its settings), but the page itself would not be published. `.md` files are not parsed as MDX
 * and are not checked.
 *
 * ## Severity
 *
 * - `error`: always; the documentation site does not build.
 *
 * ## Options
 *
 * None.
 *
 * ## Fix
 *
 * Go to the line and column given: close the JSX element the parser names (`</TabItem>` before `</Tabs>`),
 * escape a literal `<` or `{` in text as `\<` or `\{` (or put it in inline code), or correct the `import`.
 *
 * @example
 *   {"name": "portainer/index.mdx"}
 *
 *   ---
 *   title: Integrate with Portainer
 *   sidebar_label: Portainer
 *   support_level: community
 *   ---
 *
 *   <Tabs>
 *   <TabItem value="ce">
 *
 *   - **Scopes**: `openid profile email`
 *
 *   </TabItem>
 *   </Tabs>
 *
 * @example
 *   {"name": "portainer/index.mdx", "label": "input"}
 *
 *   ---
 *   title: Integrate with Portainer
 *   sidebar_label: Portainer
 *   support_level: community
 *   ---
 *
 *   <Tabs>
 *   <TabItem value="ce">
 *
 *   - **Scopes**: `openid profile email`
 *
 *   </Tabs>
 *
 * @example
 *   {"name": "portainer/index.mdx", "label": "output"}
 *
 *   12:1: error: not valid MDX: Unexpected closing tag `</Tabs>`, expected corresponding closing tag for `<TabItem>` (8:1-8:21); the site does not build, docproof read the file as plain markdown
 */
import { createRule } from './rule.js';

export default createRule({ id: 'mdx-syntax', severity: 'error', doc: 'An .mdx guide parses as MDX (the site does not build otherwise).' }, ({ guide, report }) => {
  const e = guide.mdxError;
  if (!e) return;
  report({
    line: e.line,
    column: e.column,
    message: `not valid MDX: ${e.message}; the site does not build, docproof read the file as plain markdown`,
    hint: 'Close or nest the JSX elements as the parser says, or escape a literal `<` or `{` in text.',
  });
});
