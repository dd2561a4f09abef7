/**
 * What a configuration code block is, beyond its settings: a file or environment variables, the file it goes in,
 * whether it is a variation the guide only shows, and which other block it is an alternative of. The walker
 * (walker.ts) records the blocks; `linkAlternatives` pairs them once the whole guide is read.
 */
import type { ConfigBlock, Setting } from '../model.js';
import type { CodeSetting } from './codeblock.js';

const ENV_LANGS = new Set(['env', 'dotenv', 'sh', 'bash', 'shell', 'zsh', 'console']);
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Environment variables: a shell or `.env` block whose every key is an upper-case variable name. */
export function configFormOf(lang: string | null | undefined, settings: readonly CodeSetting[]): ConfigBlock['form'] {
  const l = (lang ?? '').toLowerCase();
  const names = settings.map((s) => s.keyPath?.[0] ?? s.key);
  return ENV_LANGS.has(l) && names.every((n) => typeof n === 'string' && ENV_NAME.test(n)) ? 'env' : 'file';
}

const FILE_NAME = /(?:^|[\s/`])((?:[\w.-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:py|ya?ml|json|ini|toml|conf|cfg|env|php|rb|js|ts|properties|xml))\b/;

/** The first configuration file name among `texts` (the instruction before the block, then its section's heading). */
export function fileNamed(texts: readonly string[]): string | null {
  for (const t of texts) {
    const m = FILE_NAME.exec(t);
    if (m) return m[1]!.split('/').pop()!;
  }
  return null;
}

/**
 * Sections that show variations of the configuration rather than the steps: "General Notes", "Notes", "Tips".
 * A block there ("To only allow OAuth2 login, set `AUTHENTICATION_SOURCES = ['oauth2']`") is not performed.
 */
export function isVariationSection(heading: string): boolean {
  return /\b(notes?|tips?|variations?)\b/i.test(heading);
}

/** "Save the file and restart pgAdmin for the changes to take effect." */
export const RESTART = /\brestart(s|ing)?\b/i;

/** The innermost key of a keyPath: `OAUTH2_CLIENT_ID` of ['OAUTH2_CONFIG', 0, 'OAUTH2_CLIENT_ID']. */
export function leafKey(keyPath: ReadonlyArray<string | number>): string {
  return String(keyPath[keyPath.length - 1]);
}

/** `OAUTH2_CONFIG[0].OAUTH2_CLIENT_ID`: a keyPath as a reader of Python or JSON writes it. */
export function keyPathText(keyPath: ReadonlyArray<string | number>): string {
  return keyPath.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** The key a configuration value sets, the same in both forms: the env prefix dropped from the top-level key. */
export function canonicalPath(setting: Setting, block: ConfigBlock | undefined): Array<string | number> {
  const path = setting.keyPath ?? [setting.key];
  const [top, ...rest] = path;
  if (block?.envPrefix && typeof top === 'string' && top.startsWith(block.envPrefix)) return [top.slice(block.envPrefix.length), ...rest];
  return path;
}

/**
 * Pairs each environment-variable block with the file block whose keys its variables name, under one common
 * prefix (`PGADMIN_CONFIG_AUTHENTICATION_SOURCES` is `AUTHENTICATION_SOURCES`): at least half of the variables
 * must be the file's keys. Variation blocks take no part. Mutates `blocks`.
 */
export function linkAlternatives(blocks: ConfigBlock[], settings: readonly Setting[]): void {
  const topKeys = (b: ConfigBlock) =>
    [...new Set(settings.filter((s) => s.block === b.line).map((s) => String(s.keyPath?.[0] ?? s.key)))];
  const main = blocks.filter((b) => !b.optional);
  for (const env of main.filter((b) => b.form === 'env')) {
    const vars = topKeys(env);
    for (const file of main.filter((b) => b.form === 'file')) {
      const keys = topKeys(file);
      const prefixes = new Map<string, number>();
      for (const v of vars) {
        const key = keys.find((k) => v === k || v.endsWith(`_${k}`));
        if (key !== undefined) prefixes.set(v.slice(0, v.length - key.length), (prefixes.get(v.slice(0, v.length - key.length)) ?? 0) + 1);
      }
      const [prefix, count] = [...prefixes].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      if (count === 0 || count * 2 < vars.length) continue;
      env.envPrefix = prefix;
      env.alternatives.push(file.line);
      file.alternatives.push(env.line);
    }
  }
}
