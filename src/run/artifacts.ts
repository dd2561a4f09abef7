/**
 * Secrets out of every file a run leaves: the masker applied to each file of the output folder, inside zip archives
 * (Playwright traces, and their copies in the HTML report) and inside the zip the HTML report embeds as base64 in
 * its index.html. Then a scan of the same places proves none is left.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { Masker } from '../stack/mask.js';

const EMBEDDED_ZIP = /(data:application\/zip;base64,)([A-Za-z0-9+/=]+)/g;

function isZip(buf: Uint8Array): boolean {
  return buf.length > 3 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

export function* walkFiles(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walkFiles(p);
    else if (e.isFile()) yield p;
  }
}

/** Masks one file's bytes, descending into zips and embedded zips; returns the same buffer when nothing changed. */
function maskBytes(buf: Buffer, masker: Masker): Buffer {
  if (isZip(buf)) {
    const entries = unzipSync(buf);
    let changed = false;
    const out: Zippable = {};
    for (const [name, data] of Object.entries(entries)) {
      const original = Buffer.from(data);
      const masked = maskBytes(original, masker);
      if (masked !== original) changed = true;
      out[name] = new Uint8Array(masked);
    }
    return changed ? Buffer.from(zipSync(out)) : buf;
  }
  let text: string | null = null;
  if (buf.includes('data:application/zip;base64,')) {
    text = buf.toString('utf8').replace(EMBEDDED_ZIP, (_m, prefix: string, b64: string) => {
      const inner = Buffer.from(b64, 'base64');
      const masked = maskBytes(inner, masker);
      return prefix + (masked === inner ? b64 : masked.toString('base64'));
    });
  }
  const base = text === null ? buf : Buffer.from(text);
  const masked = masker.maskBuffer(base);
  return masked === buf || masked.equals(buf) ? buf : masked;
}

/** Masks every file under `dir` in place; returns the files it changed. */
export function maskArtifacts(dir: string, masker: Masker): string[] {
  const changed: string[] = [];
  if (!masker.secrets.length) return changed;
  for (const file of walkFiles(dir)) {
    const buf = readFileSync(file);
    const masked = maskBytes(buf, masker);
    if (masked !== buf) {
      writeFileSync(file, masked);
      changed.push(file);
    }
  }
  return changed;
}

/** A JSON Web Token (session JWTs, ID tokens): three base64url parts, the first two JSON objects. */
export const JWT_SHAPE = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;

/**
 * Where a registered secret, or a token-shaped string, is left in the folder: "file" or "file!entry" (nested zip
 * entries and embedded report zips included).
 */
export function findSecrets(dir: string, masker: Masker): string[] {
  const found: string[] = [];
  const scan = (buf: Buffer, where: string) => {
    if (isZip(buf)) {
      for (const [name, data] of Object.entries(unzipSync(buf))) scan(Buffer.from(data), `${where}!${name}`);
      return;
    }
    if (masker.foundIn(buf) || JWT_SHAPE.test(buf.toString('latin1'))) found.push(where);
    if (buf.includes('data:application/zip;base64,')) {
      for (const m of buf.toString('utf8').matchAll(EMBEDDED_ZIP)) scan(Buffer.from(m[2]!, 'base64'), `${where}!(embedded report)`);
    }
  };
  for (const file of walkFiles(dir)) scan(readFileSync(file), file);
  return found;
}
