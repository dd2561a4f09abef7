import { describe, expect, it } from 'vitest';
import { renderConfigLocal, renderEnv, unknownKeys, displayNameOf } from '../../../src/apps/pgadmin/config.js';
import { blame, keyOfTraceback } from '../../../src/apps/pgadmin/index.js';
import { pgadminWords } from '../../../src/apps/pgadmin/log.js';
import type { ConfigEntry } from '../../../src/apps/types.js';

const e = (keyPath: Array<string | number>, value: string, syntax: 'string' | 'literal' = 'string', secret = false): ConfigEntry => ({
  key: String(keyPath[0]),
  keyPath,
  value,
  syntax,
  line: 1,
  secret,
});

const entries = [
  e(['AUTHENTICATION_SOURCES'], "['oauth2', 'internal']", 'literal'),
  e(['OAUTH2_AUTO_CREATE_USER'], 'True', 'literal'),
  e(['OAUTH2_CONFIG', 0, 'OAUTH2_NAME'], 'authentik'),
  e(['OAUTH2_CONFIG', 0, 'OAUTH2_DISPLAY_NAME'], "it's authentik"),
  e(['OAUTH2_CONFIG', 0, 'OAUTH2_CLIENT_SECRET'], 's3cr\\et', 'string', true),
  e(['OAUTH2_CONFIG', 0, 'OAUTH2_TOKEN_URL'], 'http://127.0.0.1:9000/application/o/token/'),
];

describe('pgAdmin configuration', () => {
  it('renders config_local.py from the key paths: literals as written, strings quoted', () => {
    expect(renderConfigLocal('file', entries)).toBe(
      [
        "# Written by docproof from the guide's configuration; restored when the run ends.",
        "AUTHENTICATION_SOURCES = ['oauth2', 'internal']",
        'OAUTH2_AUTO_CREATE_USER = True',
        'OAUTH2_CONFIG = [{',
        "    'OAUTH2_NAME': 'authentik',",
        "    'OAUTH2_DISPLAY_NAME': 'it\\'s authentik',",
        "    'OAUTH2_CLIENT_SECRET': 's3cr\\\\et',",
        "    'OAUTH2_TOKEN_URL': 'http://127.0.0.1:9000/application/o/token/',",
        '}]',
        '',
      ].join('\n'),
    );
  });

  it('renders the environment form under the keys pgAdmin sees (PGADMIN_CONFIG_ dropped)', () => {
    const env = [e(['PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER'], 'True', 'literal'), e(['PGADMIN_CONFIG_OAUTH2_CONFIG', 0, 'OAUTH2_DISPLAY_NAME'], 'Login with authentik')];
    expect(renderConfigLocal('env', env)).toContain("OAUTH2_AUTO_CREATE_USER = True\nOAUTH2_CONFIG = [{\n    'OAUTH2_DISPLAY_NAME': 'Login with authentik',\n}]");
    expect(displayNameOf('env', env)).toBe('Login with authentik');
  });

  it('says which keys pgAdmin 9.18 does not read', () => {
    const notes = unknownKeys('file', [...entries, e(['OAUTH2_CONFIG', 0, 'OAUTH2_USERINFO_ENDPIONT'], 'x'), e(['OAUTH2_CLIENT_ID'], 'x')], '9.18');
    expect(notes.map((n) => n.keyPath.join('.'))).toEqual(['OAUTH2_CONFIG.0.OAUTH2_USERINFO_ENDPIONT', 'OAUTH2_CLIENT_ID']);
    expect(notes[0]!.message).toMatch(/does not know the OAUTH2_CONFIG key OAUTH2_USERINFO_ENDPIONT/);
  });

  it("blames the key pgAdmin's words name, else the URL they quote, never a secret by value", () => {
    const session = { form: 'file' as const, entries };
    expect(blame('ValueError: OAuth2 provider "authentik" is configured without OAUTH2_CLIENT_SECRET (public client).', session)).toBe('OAUTH2_CLIENT_SECRET');
    expect(blame('requests.exceptions.HTTPError: 404 Client Error: Not Found for url: http://127.0.0.1:9000/application/o/token/', session)).toBe('OAUTH2_TOKEN_URL');
    expect(blame('something about s3cr\\et', session)).toBeNull();
  });

  it("reads pgAdmin's explaining line from its log: the last exception, else the last error entry", () => {
    const log = [
      '2026-12-04 23:38:27,576: WARNING\twerkzeug:\tWerkzeug appears to be used in a production deployment.',
      '2026-12-04 23:40:01,001: ERROR\tpgadmin:\tException on /oauth2/authorize [GET]',
      'Traceback (most recent call last):',
      '  File "x.py", line 1, in <module>',
      'authlib.integrations.base_client.errors.OAuthError: invalid_client: Client authentication failed',
    ].join('\n');
    expect(pgadminWords(log)).toBe('authlib.integrations.base_client.errors.OAuthError: invalid_client: Client authentication failed');
    expect(pgadminWords('2026-12-04 23:40:01,001: ERROR\tpgadmin:\tOAuth2 (authentik): guidance')).toBe('OAuth2 (authentik): guidance');
    expect(pgadminWords('')).toBeNull();
  });

  it("finds the key a Python traceback of config_local.py points at", () => {
    const written = renderConfigLocal('file', entries);
    const tb = 'Traceback (most recent call last):\n  File "/x/conf/config_local.py", line 3, in <module>\n    OAUTH2_AUTO_CREATE_USER = Ture\nNameError: name \'Ture\' is not defined';
    expect(keyOfTraceback(tb, written)).toBe('OAUTH2_AUTO_CREATE_USER');
    expect(keyOfTraceback(tb.replace('line 3', 'line 6'), written)).toBe('OAUTH2_DISPLAY_NAME');
    expect(keyOfTraceback('no traceback', written)).toBeNull();
    expect(keyOfTraceback('  File "/x/conf/config_local.py", line 3', written)).toBe('OAUTH2_AUTO_CREATE_USER');
  });

  it("finds the variable a traceback of the container's config_distro.py points at (the line Python quotes)", () => {
    const tb = '  File "/pgadmin4/config_distro.py", line 7\n    OAUTH2_CONFIG = [{\'OAUTH2_NAME\': \'authentik\',,}]\n                                             ^\nSyntaxError: invalid syntax';
    expect(keyOfTraceback(tb, '')).toBe('PGADMIN_CONFIG_OAUTH2_CONFIG');
  });

  it('renders the env form as the guide names its variables, each value one Python literal on one line', () => {
    const env = [
      { key: 'PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER', keyPath: ['PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER'], value: 'True', syntax: 'literal' as const, line: 90, secret: false },
      { key: 'PGADMIN_CONFIG_OAUTH2_CONFIG', keyPath: ['PGADMIN_CONFIG_OAUTH2_CONFIG', 0, 'OAUTH2_NAME'], value: 'authentik', syntax: 'string' as const, line: 91, secret: false },
      { key: 'PGADMIN_CONFIG_OAUTH2_CONFIG', keyPath: ['PGADMIN_CONFIG_OAUTH2_CONFIG', 0, 'OAUTH2_CLIENT_SECRET'], value: "s'cret", syntax: 'string' as const, line: 91, secret: true },
    ];
    expect(renderEnv(env)).toEqual({
      PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER: 'True',
      PGADMIN_CONFIG_OAUTH2_CONFIG: "[{'OAUTH2_NAME': 'authentik', 'OAUTH2_CLIENT_SECRET': 's\\'cret'}]",
    });
  });
});
