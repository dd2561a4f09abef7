/**
 * Decoding a JSON request body the way Portainer's Go handlers do (encoding/json into a struct):
 * keys match field names exactly first, then case-insensitively (so `username` fills `Username`);
 * unknown keys are ignored; `null` leaves a field unset (a pointer field stays nil); a value of the wrong
 * type is an error worded like Go's. Reference portainer.md 1.1 ("The Go decoder matches keys
 * case-insensitively").
 */

export type FieldKind = 'string' | 'bool' | 'int' | 'base64' | 'any' | { struct: StructSpec };
export type StructSpec = Record<string, FieldKind>;

/** A decoded struct: only the fields that were present and non-null. */
export type Decoded = Record<string, unknown>;

export class GoJsonError extends Error {
  override name = 'GoJsonError';
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v; // string | number | boolean
}

function goTypeName(kind: FieldKind): string {
  if (typeof kind === 'object') return 'struct';
  return { string: 'string', bool: 'bool', int: 'int', base64: '[]uint8', any: 'interface {}' }[kind];
}

function decodeValue(value: unknown, kind: FieldKind, fieldPath: string): unknown {
  const mismatch = (): never => {
    throw new GoJsonError(
      `json: cannot unmarshal ${jsonTypeName(value)} into Go struct field ${fieldPath} of type ${goTypeName(kind)}`,
    );
  };
  if (kind === 'any') return value;
  if (typeof kind === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) mismatch();
    return decodeStruct(value as Record<string, unknown>, kind.struct, fieldPath);
  }
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') mismatch();
      return value;
    case 'bool':
      if (typeof value !== 'boolean') mismatch();
      return value;
    case 'int':
      if (typeof value !== 'number') mismatch();
      if (!Number.isInteger(value)) {
        throw new GoJsonError(`json: cannot unmarshal number ${String(value)} into Go struct field ${fieldPath} of type int`);
      }
      return value;
    case 'base64': {
      if (typeof value !== 'string') mismatch();
      const s = value as string;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) {
        throw new GoJsonError('illegal base64 data at input byte 0');
      }
      return Buffer.from(s, 'base64');
    }
  }
}

function decodeStruct(obj: Record<string, unknown>, spec: StructSpec, path: string): Decoded {
  const out: Decoded = {};
  const names = Object.keys(spec);
  for (const [key, value] of Object.entries(obj)) {
    const field = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (field === undefined) continue;
    if (value === null) {
      delete out[field];
      continue;
    }
    out[field] = decodeValue(value, spec[field]!, `${path}.${field}`);
  }
  return out;
}

/** Parses `text` and decodes it into `spec`; `structName` is used in error messages as Go would. */
export function decodeGoJson(text: string, spec: StructSpec, structName: string): Decoded {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GoJsonError(text.trim() === '' ? 'EOF' : 'invalid character in JSON payload');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GoJsonError(`json: cannot unmarshal ${jsonTypeName(parsed)} into Go value of type ${structName}`);
  }
  return decodeStruct(parsed as Record<string, unknown>, spec, structName);
}
