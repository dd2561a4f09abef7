/** Reads component schemas from the schema.yml that ships inside the pinned @goauthentik/api. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

interface PropertySchema {
  $ref?: string;
  allOf?: { $ref?: string }[];
  enum?: string[];
  nullable?: boolean;
  type?: string;
}
interface ObjectSchema {
  properties: Record<string, PropertySchema>;
  required?: string[];
  enum?: string[];
}

let cached: Record<string, ObjectSchema> | null = null;

export function componentSchemas(): Record<string, ObjectSchema> {
  if (!cached) {
    const file = createRequire(import.meta.url).resolve('@goauthentik/api/schema.yml');
    const doc = parse(readFileSync(file, 'utf8')) as { components: { schemas: Record<string, ObjectSchema> } };
    cached = doc.components.schemas;
  }
  return cached;
}

/** The allowed values of a property whose schema is (or refers to) an enum, else null. */
export function enumValues(prop: PropertySchema): string[] | null {
  const ref = prop.$ref ?? prop.allOf?.[0]?.$ref;
  if (ref) return componentSchemas()[ref.replace('#/components/schemas/', '')]?.enum ?? null;
  return prop.enum ?? null;
}
