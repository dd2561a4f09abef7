/**
 * pgAdmin's configuration as a guide hands it over: the keys of a `config_local.py` block (or of the
 * `PGADMIN_CONFIG_*` environment variables), rendered back into the file pgAdmin reads. Facts from pgAdmin 9.18's
 * source (pgadmin4 on PyPI): config.py ends by importing config_distro, config_local and config_system and copying
 * every public name they define (pgadmin/evaluate_config.py); its container image writes each PGADMIN_CONFIG_<KEY>
 * as `<KEY> = <value>` into config_distro.py, so an environment variable's value is Python, as in the file.
 */
import type { ConfigEntry, ConfigNote, ConfigForm } from '../types.js';

/** The environment variables' prefix of pgAdmin's container image (its entrypoint.sh). */
export const ENV_PREFIX = 'PGADMIN_CONFIG_';

/**
 * The keys pgAdmin 9.18 reads from an OAUTH2_CONFIG entry (pgadmin/authenticate/oauth2.py, and the login page's
 * template security/login_user.html for the button). Any other key in an entry is ignored by pgAdmin.
 */
export const OAUTH2_ENTRY_KEYS = new Set([
  'OAUTH2_NAME',
  'OAUTH2_DISPLAY_NAME',
  'OAUTH2_CLIENT_ID',
  'OAUTH2_CLIENT_SECRET',
  'OAUTH2_TOKEN_URL',
  'OAUTH2_AUTHORIZATION_URL',
  'OAUTH2_API_BASE_URL',
  'OAUTH2_USERINFO_ENDPOINT',
  'OAUTH2_SERVER_METADATA_URL',
  'OAUTH2_SCOPE',
  'OAUTH2_ICON',
  'OAUTH2_BUTTON_COLOR',
  'OAUTH2_SSL_CERT_VERIFICATION',
  'OAUTH2_CHALLENGE_METHOD',
  'OAUTH2_RESPONSE_TYPE',
  'OAUTH2_CLIENT_AUTH_METHOD',
  'OAUTH2_WORKLOAD_IDENTITY_TOKEN_FILE',
  'OAUTH2_USERNAME_CLAIM',
  'OAUTH2_ADDITIONAL_CLAIMS',
  'OAUTH2_LOGOUT_URL',
]);

/** Top-level OAuth2 settings; every other top-level OAUTH2_* is ignored by pgAdmin (oauth2.py _TOP_LEVEL_OAUTH2_SETTINGS). */
export const OAUTH2_TOP_LEVEL = new Set(['OAUTH2_CONFIG', 'OAUTH2_AUTO_CREATE_USER']);

/** A Python string literal of `s` (single quotes, as the guides write them). */
export function pyString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** The key pgAdmin sees: `PGADMIN_CONFIG_OAUTH2_CONFIG` → `OAUTH2_CONFIG` for the env form. */
export function configKey(form: ConfigForm, key: string): string {
  return form === 'env' && key.startsWith(ENV_PREFIX) ? key.slice(ENV_PREFIX.length) : key;
}

type Tree = { kind: 'leaf'; text: string } | { kind: 'list'; items: Map<number, Tree> } | { kind: 'dict'; items: Map<string, Tree> };

function insert(tree: Tree | undefined, path: Array<string | number>, text: string): Tree {
  if (path.length === 0) return { kind: 'leaf', text };
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const node = tree?.kind === 'list' ? tree : { kind: 'list' as const, items: new Map<number, Tree>() };
    node.items.set(head, insert(node.items.get(head), rest, text));
    return node;
  }
  const node = tree?.kind === 'dict' ? tree : { kind: 'dict' as const, items: new Map<string, Tree>() };
  node.items.set(head!, insert(node.items.get(head!), rest, text));
  return node;
}

/** `indent` null: on one line (an environment variable's value). */
function render(tree: Tree, indent: string | null): string {
  switch (tree.kind) {
    case 'leaf':
      return tree.text;
    case 'list':
      return `[${[...tree.items.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => render(t, indent)).join(', ')}]`;
    case 'dict': {
      if (indent === null) return `{${[...tree.items.entries()].map(([k, t]) => `${pyString(k)}: ${render(t, null)}`).join(', ')}}`;
      const inner = `${indent}    `;
      const lines = [...tree.items.entries()].map(([k, t]) => `${inner}${pyString(k)}: ${render(t, inner)},`);
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
  }
}

/**
 * The Python module of the guide's keys, in the guide's order: `KEY = value`, structured values rebuilt from the
 * key paths (`OAUTH2_CONFIG = [{'OAUTH2_NAME': 'authentik', ...}]`). Strings are quoted here; literals are the guide's.
 */
export function renderConfigLocal(form: ConfigForm, entries: ConfigEntry[]): string {
  const body = [...roots(entries, (k) => configKey(form, k))].map(([k, t]) => `${k} = ${render(t, '')}`);
  return `# Written by docproof from the guide's configuration; restored when the run ends.\n${body.join('\n')}\n`;
}

function roots(entries: ConfigEntry[], keyOf: (key: string) => string): Map<string, Tree> {
  const out = new Map<string, Tree>();
  for (const e of entries) {
    const key = keyOf(e.key);
    const text = e.syntax === 'string' ? pyString(e.value) : e.value;
    out.set(key, insert(out.get(key), e.keyPath.slice(1), text));
  }
  return out;
}

/**
 * The guide's environment variables for pgAdmin's container, as the guide names them, each value the Python
 * literal rebuilt from its key paths on one line (the image's entrypoint writes `<KEY> = <value>` per
 * PGADMIN_CONFIG_<KEY> into config_distro.py).
 */
export function renderEnv(entries: ConfigEntry[]): Record<string, string> {
  return Object.fromEntries([...roots(entries, (k) => k)].map(([k, t]) => [k, render(t, null)]));
}

/** Keys of the guide that pgAdmin does not read: said at their lines, with where pgAdmin's source shows it. */
export function unknownKeys(form: ConfigForm, entries: ConfigEntry[], version: string): ConfigNote[] {
  const notes: ConfigNote[] = [];
  for (const e of entries) {
    const key = configKey(form, e.key);
    if (form === 'env' && !e.key.startsWith(ENV_PREFIX)) {
      notes.push({
        keyPath: e.keyPath,
        severity: 'warning',
        message: `pgAdmin's container reads only environment variables named ${ENV_PREFIX}<KEY>; ${e.key} is not one, so pgAdmin never sees it`,
        evidence: `pgAdmin ${version}: the container's entrypoint writes only ${ENV_PREFIX}* variables into its configuration`,
      });
      continue;
    }
    if (key.startsWith('OAUTH2_') && !OAUTH2_TOP_LEVEL.has(key)) {
      notes.push({
        keyPath: e.keyPath,
        severity: 'warning',
        message: `pgAdmin ignores ${key} as a top-level setting: it reads OAuth2 provider settings only from an entry of OAUTH2_CONFIG`,
        evidence: `pgAdmin ${version}: pgadmin/authenticate/oauth2.py reads only OAUTH2_CONFIG and OAUTH2_AUTO_CREATE_USER at the top level`,
      });
      continue;
    }
    const inner = e.keyPath[2];
    if (key === 'OAUTH2_CONFIG' && typeof inner === 'string' && e.keyPath.length === 3 && !OAUTH2_ENTRY_KEYS.has(inner)) {
      notes.push({
        keyPath: e.keyPath,
        severity: 'warning',
        message: `pgAdmin does not know the OAUTH2_CONFIG key ${inner}: it ignores it`,
        evidence: `pgAdmin ${version} reads these keys of an OAUTH2_CONFIG entry: ${[...OAUTH2_ENTRY_KEYS].join(', ')}`,
      });
    }
  }
  return notes;
}

/** The display name of the first OAUTH2_CONFIG entry: the login page's button says "Login with <it>". */
export function displayNameOf(form: ConfigForm, entries: ConfigEntry[]): string | null {
  const e = entries.find((x) => configKey(form, x.key) === 'OAUTH2_CONFIG' && x.keyPath[2] === 'OAUTH2_DISPLAY_NAME');
  return e ? e.value : null;
}
