/**
 * The guide model: what a guide tells an administrator to set, with the place of every value.
 * The zod schemas are the types, and `docproof extract --format json` prints exactly this shape
 * (a public contract: add fields, never rename or drop them).
 */
import { z } from 'zod';

/** 1-based line and column in the guide file where the value's own text starts. */
export const Place = z.object({ line: z.number().int().positive(), column: z.number().int().positive() });
export type Place = z.infer<typeof Place>;

export const ProviderType = z.enum(['oauth2', 'saml', 'ldap', 'proxy', 'scim', 'rac', 'radius', 'other']);
export type ProviderType = z.infer<typeof ProviderType>;

export const RedirectUri = z.object({
  matchingMode: z.enum(['strict', 'regex']),
  kind: z.enum(['authorization', 'post-logout']),
  url: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** The guide's variable the URI was written as (`auth.providerRedirectURI`), when `url` is that variable's value. */
  variable: z.string().optional(),
});
export type RedirectUri = z.infer<typeof RedirectUri>;

export const Provider = z.object({
  type: ProviderType,
  /** The provider type as the guide names it, e.g. "OAuth2/OpenID Connect". */
  label: z.string(),
  line: z.number().int().positive(),
  redirectUris: z.array(RedirectUri),
  /** The section the provider is created in; steps of an `optional` section are not part of the main path. */
  section: z.string(),
  /** True when created in an optional part (a section or tab the guide marks optional, or a non-default tab). */
  optional: z.boolean().optional(),
});
export type Provider = z.infer<typeof Provider>;

/** Values the guide refers to instead of giving them literally. */
export const ValueRef = z.enum([
  'clientId',
  'clientSecret',
  'slug',
  'issuer',
  'metadataUrl',
  'certificate',
  'applicationName',
  'other',
]);
export type ValueRef = z.infer<typeof ValueRef>;

export const Setting = z.object({
  section: z.string(),
  /** Which side the setting belongs to: authentik's provider/application, or the application's own settings. */
  side: z.enum(['authentik', 'app']),
  key: z.string(),
  value: z.string().nullable(),
  ref: ValueRef.nullable(),
  alternatives: z.array(z.string()),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** True when the value was written as inline code (a literal to paste), false for prose. */
  literal: z.boolean(),
  /** True inside a section or tab the guide marks optional, or inside a non-default tab. */
  optional: z.boolean(),
  /**
   * How the guide wrote it: a `Key: value` bullet or paragraph, a table row, a sentence ("Set **X** to `y`"),
   * or a line of a configuration snippet (code block). Always filled by the extractor; optional for hand-built values.
   */
  origin: z.enum(['list', 'paragraph', 'table', 'prose', 'codeblock']).optional(),
  /** The guide's variable the value was written as (`auth.applicationSlug`), when `value` is that variable's value. */
  variable: z.string().optional(),
});
export type Setting = z.infer<typeof Setting>;

/**
 * A value the guide defines once in a table of variables and then refers to by name: SharePoint SE's
 * "| authentik OIDC Redirect URIs | `auth.providerRedirectURI` | https://sharepoint.company/.\* |".
 */
export const Variable = z.object({
  /** The name the guide refers to it by: `auth.providerRedirectURI`. */
  name: z.string(),
  /** Its value as the reader sees it (markdown escapes removed): `https://sharepoint.company/.*`. */
  value: z.string(),
  /** What it stands for, from the table's other column ("authentik OIDC Redirect URIs"), or "". */
  description: z.string(),
  /** Where the value is written. */
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type Variable = z.infer<typeof Variable>;

/**
 * A setting an authentik step leaves to the reader ("provide a descriptive name", "Select any available signing
 * key"): a careful person does it, and the plan shows it as such.
 */
export const ReaderSetting = z.object({
  field: z.enum(['application-name', 'provider-name', 'slug', 'signing-key', 'authorization-flow', 'invalidation-flow', 'other']),
  /** The field it concerns, as the guide names it or as authentik labels it when the guide names none ("Signing Key"). */
  label: z.string(),
  /** The guide's own words: "provide a name (or accept the auto-provided name)". */
  said: z.string(),
});
export type ReaderSetting = z.infer<typeof ReaderSetting>;

/** Values an authentik step tells the reader to note for later ("Note the **Client ID** and **Client Secret**"). */
export const NotedValue = z.enum(['clientId', 'clientSecret', 'slug']);
export type NotedValue = z.infer<typeof NotedValue>;

export const Step = z.object({
  section: z.string(),
  side: z.enum(['authentik', 'app']),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** Navigation, in order: "Navigate to **Settings** > **Authentication**" is ["Settings", "Authentication"]. */
  path: z.array(z.string()),
  /** Options to select, in order: "select **OAuth** ... select **Custom**" is ["OAuth", "Custom"]. */
  choose: z.array(z.string()),
  /** For each entry of `choose`, the group it is chosen under when the guide names one ("Under **Provider**"), else null. */
  under: z.array(z.string().nullable()),
  /** Buttons or links to click, e.g. ["Save settings"]. */
  click: z.array(z.string()),
  /** Switches the guide turns on or off: "**Use SSO**: enabled". */
  toggles: z.array(z.object({ label: z.string(), on: z.boolean() })),
  text: z.string(),
  optional: z.boolean(),
  /** authentik side: the wizard page the bullet names, as the guide writes it ("Choose a Provider type"). */
  page: z.string().optional(),
  /** authentik side: settings the sentence leaves to the reader. */
  reader: z.array(ReaderSetting).optional(),
  /** authentik side: values the sentence tells the reader to note. */
  note: z.array(NotedValue).optional(),
  /** authentik side: "Log in to authentik as an administrator …": the admin signs in here. */
  signIn: z.boolean().optional(),
  /** authentik side: what the sentence creates outside the application wizard ("Create an application which uses this provider"). */
  creates: z.enum(['application', 'provider']).optional(),
});
export type Step = z.infer<typeof Step>;

export const Placeholder = z.object({
  token: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** What the guide says it stands for ("the FQDN of the Portainer installation"). */
  description: z.string(),
});
export type Placeholder = z.infer<typeof Placeholder>;

/** Every URL-like or host-like value in the guide, for the placeholder and endpoint checks. */
export const UrlUse = z.object({
  url: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** Where it came from: inline code, a link target, plain text, a code block. */
  origin: z.enum(['code', 'link', 'text', 'codeblock', 'kbd']),
});
export type UrlUse = z.infer<typeof UrlUse>;

export const Heading = z.object({
  depth: z.number().int().min(1).max(6),
  text: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type Heading = z.infer<typeof Heading>;

export const Resource = z.object({
  kind: z.enum(['image', 'link', 'import']),
  url: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type Resource = z.infer<typeof Resource>;

export const TestedWith = z.object({
  authentik: z.string().nullable(),
  app: z.string().nullable(),
  line: z.number().int().positive().nullable(),
});
export type TestedWith = z.infer<typeof TestedWith>;

export const Guide = z.object({
  file: z.string(),
  format: z.enum(['md', 'mdx']),
  /** The application slug from the file path: `<category>/<app>/index.md` or legacy `services/<app>/index.md`. */
  appSlug: z.string().nullable(),
  frontmatter: z.record(z.string(), z.unknown()),
  /** Line of each frontmatter key, for findings about them. */
  frontmatterLines: z.record(z.string(), z.number().int().positive()),
  testedWith: TestedWith,
  placeholders: z.array(Placeholder),
  /** Values defined in a table of variables; settings and redirect URIs that name one carry its value. */
  variables: z.array(Variable),
  providers: z.array(Provider),
  settings: z.array(Setting),
  steps: z.array(Step),
  headings: z.array(Heading),
  urls: z.array(UrlUse),
  resources: z.array(Resource),
  /** True when an .mdx file did not parse as MDX and was read as markdown instead. */
  mdxFallback: z.boolean(),
  /** Why the .mdx file is not valid MDX, where the MDX parser says (null when it parsed, and for .md files). */
  mdxError: z.object({ line: z.number().int().positive(), column: z.number().int().positive(), message: z.string() }).nullable(),
});
export type Guide = z.infer<typeof Guide>;
