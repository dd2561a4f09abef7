/**
 * The one secret masker. Every path that writes something a person or a CI system keeps goes through it: stdout and
 * stderr of `docproof run`, the findings and reports, Playwright's step titles and errors (masked in the worker),
 * and every artifact file a run leaves (traces, the HTML report; see src/run/artifacts.ts).
 *
 * A secret is masked in the encodings it can take in those places: as is, URL-encoded (query strings, form
 * bodies) and JSON-escaped (trace and report JSON).
 */
export const MASK = '***';

/** Values shorter than this are not treated as secrets: masking "ab" everywhere would garble output, not protect. */
const MIN_SECRET_LENGTH = 6;

export class Masker {
  readonly #secrets = new Set<string>();
  #variants: string[] = [];
  #buffers: Buffer[] = [];

  constructor(secrets: Iterable<string | null | undefined> = []) {
    this.add(...secrets);
  }

  /** Registers secrets (null/undefined/empty are ignored). Returns this for chaining. */
  add(...secrets: (string | null | undefined)[]): this {
    let changed = false;
    for (const s of secrets) {
      if (!s || s.length < MIN_SECRET_LENGTH || this.#secrets.has(s)) continue;
      this.#secrets.add(s);
      changed = true;
    }
    if (changed) this.#rebuild();
    return this;
  }

  /** The registered secrets (for scanning artifacts; never print these). */
  get secrets(): readonly string[] {
    return [...this.#secrets];
  }


  #rebuild(): void {
    const v = new Set<string>();
    for (const s of this.#secrets) {
      v.add(s);
      v.add(encodeURIComponent(s));
      v.add(encodeURIComponent(s).replace(/%20/g, '+'));
      v.add(JSON.stringify(s).slice(1, -1));
    }
    this.#variants = [...v].sort((a, b) => b.length - a.length);
    this.#buffers = this.#variants.map((s) => Buffer.from(s, 'utf8'));
  }

  mask(text: string): string {
    let out = text;
    for (const v of this.#variants) if (out.includes(v)) out = out.split(v).join(MASK);
    return out;
  }

  /** Masks a value of any shape (strings inside objects and arrays), e.g. a finding's evidence. */
  maskDeep<T>(value: T): T {
    if (typeof value === 'string') return this.mask(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.maskDeep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.maskDeep(v);
      return out as T;
    }
    return value;
  }

  /** Binary-safe: replaces the bytes of each variant; returns the same buffer when nothing matched. */
  maskBuffer(buf: Buffer): Buffer {
    let out = buf;
    const mask = Buffer.from(MASK);
    for (const needle of this.#buffers) {
      let at = out.indexOf(needle);
      if (at < 0) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at >= 0) {
        parts.push(out.subarray(from, at), mask);
        from = at + needle.length;
        at = out.indexOf(needle, from);
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return out;
  }

  /** True when the buffer holds any registered secret in any encoding. */
  foundIn(buf: Buffer | string): boolean {
    const b = typeof buf === 'string' ? Buffer.from(buf) : buf;
    return this.#buffers.some((n) => b.includes(n));
  }
}
