/**
 * authentik's own OpenAPI schema of one release line, as shipped inside @goauthentik/api of that line (2026.8: the
 * package docproof builds its requests with; 2025.12, 2026.2, 2026.5: the aliased packages
 * `@goauthentik/api-<line>`), loaded into openapi-backend for routing and for request and response validation of
 * the admin API subset the stand-in serves.
 *
 * Serving one version's shapes: DRF keeps only a serializer's declared fields, both ways. A request's undeclared
 * keys are dropped before the handler sees them (2026.2's RedirectURISerializer has no `redirect_uri_type`, so a
 * post-logout URI sent to it becomes an authorization URI, as on the real 2026.2.2), and a response carries only the
 * fields that version's schema declares (2026.5 sends no `users` in `/core/users/me/`). `shapeRequest` and
 * `shapeResponse` do that from the schema itself, so the handlers build one superset and each version answers in
 * its own shape, which is then validated against that version's schema.
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

/** The release lines the stand-in can serve, newest first, each with the package that ships its schema.yml. */
export const STANDIN_LINES = {
  '2026.8': '@goauthentik/api',
  '2026.5': '@goauthentik/api-2026.5',
  '2026.2': '@goauthentik/api-2026.2',
  '2025.12': '@goauthentik/api-2025.12',
} as const;
export type StandinLine = keyof typeof STANDIN_LINES;
export const DEFAULT_STANDIN_LINE: StandinLine = '2026.8';

export function isStandinLine(v: string): v is StandinLine {
  return Object.hasOwn(STANDIN_LINES, v);
}

/** Path of the schema.yml of a release line (default: the package docproof itself uses). */
export function schemaPath(line: StandinLine = DEFAULT_STANDIN_LINE): string {
  return join(dirname(require.resolve(`${STANDIN_LINES[line]}/package.json`)), 'schema.yml');
}

function loadDocument(line: StandinLine): Json {
  return parse(readFileSync(schemaPath(line), 'utf8')) as Json;
}

/**
 * A value cut to what a schema declares: object keys the schema does not list are dropped (recursively, through
 * `$ref`, `allOf`, arrays and `nullable`); a schema that lists no properties, allows additional ones, or offers
 * alternatives (`oneOf`/`anyOf`) keeps the value as it is.
 */
export function shapeTo(value: unknown, node: unknown, components: Record<string, Json>): unknown {
  const resolved = resolve(node, components);
  if (!resolved || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return resolved.items ? value.map((v) => shapeTo(v, resolved.items, components)) : value;
  if (resolved.oneOf || resolved.anyOf || resolved.additionalProperties) return value;
  const properties: Record<string, unknown> = { ...((resolved.properties as Json | undefined) ?? {}) };
  for (const part of (resolved.allOf as unknown[] | undefined) ?? []) {
    Object.assign(properties, (resolve(part, components)?.properties as Json | undefined) ?? {});
  }
  if (Object.keys(properties).length === 0) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (k in properties) out[k] = shapeTo(v, properties[k], components);
  return out;
}

function resolve(node: unknown, components: Record<string, Json>): Json | null {
  let cur = node as Json | undefined;
  for (let i = 0; i < 10 && cur; i++) {
    if (typeof cur.$ref === 'string') {
      cur = components[cur.$ref.split('/').pop()!];
      continue;
    }
    const all = cur.allOf as unknown[] | undefined;
    if (all?.length === 1 && !cur.properties) {
      cur = all[0] as Json;
      continue;
    }
    return cur;
  }
  return cur ?? null;
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
  /** A request body as DRF's serializer of this version sees it (undeclared keys dropped). */
  shapeRequest(operationId: string, body: unknown): unknown;
  /** A response body with only the fields this version's schema declares for that status. */
  shapeResponse(operationId: string, status: number, body: unknown): unknown;
  /** Validates a value against one component schema, e.g. `OAuth2ProviderRequest`. */
  validateComponent(name: string, value: unknown): { valid: boolean; errors: Array<{ path: string; message: string }> };
  version: string;
}

const loading = new Map<StandinLine, Promise<AuthentikSchema>>();

/**
 * The schema of a release line, loaded once per process (parsing the 60k-line YAML and compiling validators takes
 * about a second). Handlers are registered by the caller on `api` through `handleRequest(req, context)` arguments,
 * so one backend serves every stand-in instance of that line.
 */
export function loadAuthentikSchema(line: StandinLine = DEFAULT_STANDIN_LINE): Promise<AuthentikSchema> {
  let promise = loading.get(line);
  if (!promise) {
    promise = load(line);
    loading.set(line, promise);
  }
  return promise;
}

async function load(line: StandinLine): Promise<AuthentikSchema> {
  const full = loadDocument(line);
  const pruned = prune(full);
  const schemas = (pruned.components as Record<string, Record<string, Json>>).schemas ?? {};
  const operations = new Map<string, Json>();
  for (const ops of Object.values(pruned.paths as Record<string, Record<string, Json>>)) {
    for (const op of Object.values(ops)) operations.set(op.operationId as string, op);
  }
  const jsonSchema = (content: unknown): unknown => (content as { 'application/json'?: { schema?: unknown } } | undefined)?.['application/json']?.schema;
  const shapeRequest = (operationId: string, body: unknown): unknown => {
    const schema = jsonSchema((operations.get(operationId)?.requestBody as Json | undefined)?.content);
    return schema ? shapeTo(body, schema, schemas) : body;
  };
  const shapeResponse = (operationId: string, status: number, body: unknown): unknown => {
    const responses = operations.get(operationId)?.responses as Record<string, Json> | undefined;
    const schema = jsonSchema(responses?.[String(status)]?.content);
    return schema ? shapeTo(body, schema, schemas) : body;
  };
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
  return { api, validateComponent, shapeRequest, shapeResponse, version: info.version };
}
