/**
 * authentik's own OpenAPI schema, as shipped inside @goauthentik/api (the same package, and so the same
 * authentik version, that the driver uses), loaded into openapi-backend for routing and for request and
 * response validation of the admin API subset the stand-in serves.
 *
 * Two mechanical rewrites make the OpenAPI 3.0 document usable by Ajv; neither loosens a constraint:
 * - `nullable: true` on a schema without `type` (used with `allOf: [$ref]`) becomes `anyOf: [schema, null]`;
 * - a `oneOf` with a `discriminator` whose property every variant declares becomes "the discriminator is one
 *   of the mapped values, and the variant it names must validate" (what the discriminator means), because the
 *   variants are not mutually exclusive and a plain `oneOf` would reject valid bodies.
 *   `modelRequest` (the transactional endpoint's `provider`) is discriminated by a sibling field
 *   (`provider_model`), which JSON Schema cannot express; it is validated by the handler instead
 *   (see `validateComponent`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { OpenAPIBackend, type Document } from 'openapi-backend';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;

/** The operations the stand-in implements (operationIds from schema.yml). */
export const SERVED_OPERATIONS = [
  'admin_version_retrieve',
  'root_config_retrieve',
  'flows_instances_list',
  'flows_executor_get',
  'flows_executor_solve',
  'crypto_certificatekeypairs_list',
  'propertymappings_provider_scope_list',
  'providers_oauth2_list',
  'providers_oauth2_create',
  'providers_oauth2_retrieve',
  'providers_oauth2_destroy',
  'providers_oauth2_setup_urls_retrieve',
  'core_applications_list',
  'core_applications_create',
  'core_applications_retrieve',
  'core_applications_destroy',
  'core_transactional_applications_update',
  'core_users_list',
  'core_users_create',
  'core_users_destroy',
  'core_users_set_password_create',
  'core_users_me_retrieve',
] as const;
export type ServedOperation = (typeof SERVED_OPERATIONS)[number];

const require = createRequire(import.meta.url);

/** Path of the schema.yml inside the installed @goauthentik/api. */
export function schemaPath(): string {
  return join(dirname(require.resolve('@goauthentik/api/package.json')), 'schema.yml');
}

function loadDocument(): Json {
  return parse(readFileSync(schemaPath(), 'utf8')) as Json;
}

/** Keeps the served paths and the components they reach, so Ajv compiles a few hundred schemas, not thousands. */
function prune(doc: Json): Json {
  const served = new Set<string>(SERVED_OPERATIONS);
  const paths: Record<string, Json> = {};
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(ops)) {
      if (served.has(op.operationId as string)) (paths[path] ??= {})[method] = op;
    }
  }
  const components = doc.components as Record<string, Record<string, unknown>>;
  const kept: Record<string, Record<string, unknown>> = { securitySchemes: components.securitySchemes ?? {} };
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && !seen.has(value)) {
          seen.add(value);
          const [, , section, name] = value.split('/') as [string, string, string, string];
          const target = components[section]?.[name];
          (kept[section] ??= {})[name] = target;
          visit(target);
        } else visit(value);
      }
    }
  };
  visit(paths);
  return { ...doc, paths, components: kept };
}

function rewriteForAjv(node: unknown, schemas: Record<string, Json>): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteForAjv(n, schemas));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewriteForAjv(v, schemas);
  const disc = out.discriminator as { propertyName: string; mapping: Record<string, string> } | undefined;
  if (disc && Array.isArray(out.oneOf)) {
    const prop = disc.propertyName;
    const everyVariantHasIt = Object.values(disc.mapping).every((ref) => {
      const name = ref.split('/').pop() as string;
      return Boolean((schemas[name]?.properties as Json | undefined)?.[prop]);
    });
    delete out.discriminator;
    delete out.oneOf;
    if (!everyVariantHasIt) return { ...out, type: 'object' };
    return {
      ...out,
      type: 'object',
      required: [prop],
      properties: { [prop]: { type: 'string', enum: Object.keys(disc.mapping) } },
      allOf: Object.entries(disc.mapping).map(([value, ref]) => ({
        if: { properties: { [prop]: { const: value } } },
        then: { $ref: ref },
      })),
    };
  }
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

type AjvInstance = {
  addFormat: (...a: unknown[]) => unknown;
  compile: (schema: unknown) => ((data: unknown) => boolean) & { errors?: unknown[] | null };
  addSchema: (schema: unknown, key?: string) => unknown;
};
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (opts: Json) => AjvInstance;
const addFormatsPlain = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: AjvInstance,
) => AjvInstance;
const URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i;

/**
 * ajv-formats, with one adjustment: Django's `URLField(blank=True)` (logout_uri, meta_launch_url) is
 * declared `format: uri` by drf-spectacular, yet authentik sends and accepts "" for it.
 */
function addFormats(ajv: AjvInstance): AjvInstance {
  addFormatsPlain(ajv);
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => s === '' || URI.test(s) });
  return ajv;
}

export interface AuthentikSchema {
  api: OpenAPIBackend;
  /** Validates a value against one component schema, e.g. `OAuth2ProviderRequest`. */
  validateComponent(name: string, value: unknown): { valid: boolean; errors: Array<{ path: string; message: string }> };
  version: string;
}

let loading: Promise<AuthentikSchema> | undefined;

/**
 * The schema, loaded once per process (parsing the 60k-line YAML and compiling validators takes about a
 * second). Handlers are registered by the caller on `api` through `handleRequest(req, context)` arguments, so
 * one backend serves every stand-in instance.
 */
export function loadAuthentikSchema(): Promise<AuthentikSchema> {
  loading ??= (async () => {
    const full = loadDocument();
    const pruned = prune(full);
    const schemas = (pruned.components as Record<string, Record<string, Json>>).schemas ?? {};
    const definition = rewriteForAjv(pruned, schemas) as Document;
    const api = new OpenAPIBackend({
      definition,
      apiRoot: '/api/v3',
      // The rewritten document is JSON Schema that Ajv understands but the OpenAPI 3.0 meta-schema does not
      // (`if`/`then`, `type: 'null'`), so the definition check is skipped (`quick`, which also compiles
      // validators lazily); `strict` makes any other loading problem fatal.
      strict: true,
      quick: true,
      validate: true,
      ignoreTrailingSlashes: false,
      ajvOpts: { allErrors: true, strict: false },
      customizeAjv: (ajv) => addFormats(ajv as unknown as AjvInstance) as unknown as typeof ajv,
    });
    await api.init();
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    const rewrittenSchemas = (definition as unknown as { components: { schemas: Record<string, Json> } }).components
      .schemas;
    ajv.addSchema({ components: { schemas: rewrittenSchemas } }, 'authentik');
    const compiled = new Map<string, ReturnType<AjvInstance['compile']>>();
    const validateComponent = (name: string, value: unknown) => {
      let fn = compiled.get(name);
      if (!fn) {
        fn = ajv.compile({ $ref: `authentik#/components/schemas/${name}` });
        compiled.set(name, fn);
      }
      const valid = fn(value);
      const errors = ((fn.errors ?? []) as Array<{ instancePath: string; message?: string }>).map((e) => ({
        path: e.instancePath,
        message: e.message ?? 'invalid',
      }));
      return { valid, errors };
    };
    const info = full.info as { version: string };
    return { api, validateComponent, version: info.version };
  })();
  return loading;
}
