/** Every lint rule, in the order they run (and are documented in docs/rules.md). */
import authentikEndpoints from './authentik-endpoints.js';
import configFormsAgree from './config-forms-agree.js';
import frontmatter from './frontmatter.js';
import linksAndImages from './links-and-images.js';
import mdxSyntax from './mdx-syntax.js';
import placeholders from './placeholders.js';
import redirectUriConsistency from './redirect-uri-consistency.js';
import type { AnyRule } from './rule.js';
import scopeList from './scope-list.js';
import slugConsistency from './slug-consistency.js';
import templateStructure from './template-structure.js';
import testedVersion from './tested-version.js';

export const rules = [
  redirectUriConsistency,
  authentikEndpoints,
  slugConsistency,
  scopeList,
  configFormsAgree,
  placeholders,
  frontmatter,
  mdxSyntax,
  testedVersion,
  linksAndImages,
  templateStructure,
] as const satisfies readonly AnyRule[];

export type RuleId = (typeof rules)[number]['id'];
