/**
 * Configuration blocks: Python literals parsed with their offsets, top-level assignments and nested keys with
 * their keyPath, an environment variable whose value is a structured literal split into its keys (each with its
 * own column), and the blocks that are alternatives of each other (pgAdmin's config_local.py and its
 * PGADMIN_CONFIG_* variables), on a fixture and on the corpus pgAdmin guide in both trees.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../src/guide/corpus.js';
import { extractFile, extractText } from '../../src/guide/extract.js';
import { settingsInCode } from '../../src/guide/extract/codeblock.js';
import { parsePythonLiteral, parseWholePythonLiteral } from '../../src/guide/extract/python-literal.js';
import { Guide } from '../../src/guide/model.js';
import { corpusSuite, PGADMIN_CORPUS_GUIDES } from '../support/corpus.js';

describe('Python literals', () => {
  it('reads strings, numbers, True/False/None, lists, tuples and dicts, with comments and line breaks', () => {
    const src = `[{\n  'a': "x\\"y", # note\n  "b": (1, 2.5, -3),\n  'c': True, 'd': None,\n}]`;
    const node = parseWholePythonLiteral(src);
    expect(node?.kind).toBe('list');
    if (node?.kind !== 'list' || node.items[0]?.kind !== 'dict') throw new Error('not a list of dicts');
    const dict = node.items[0];
    expect(dict.entries.map((e) => (e.key.kind === 'str' ? e.key.value : null))).toEqual(['a', 'b', 'c', 'd']);
    const a = dict.entries[0]!.value;
    expect(a.kind === 'str' && a.value).toBe('x"y');
    expect(src.slice(a.start, a.end)).toBe(`"x\\"y"`);
    expect(dict.entries[1]!.value.kind).toBe('list');
  });
  it('is not a literal: a name, a call, an f-string, an unclosed bracket', () => {
    for (const bad of ['os.environ', "get('x')", "f'{x}'", "['a', 'b'", "'open"]) expect(parseWholePythonLiteral(bad), bad).toBeNull();
  });
  it('stops at the end of the literal when asked for a prefix', () => {
    expect(parsePythonLiteral("X = 'a'  # why", 4)).toMatchObject({ kind: 'str', value: 'a', start: 4, end: 7 });
  });
});

describe('settings in a Python configuration block', () => {
  const py = ["AUTHENTICATION_SOURCES = ['oauth2', 'internal']", 'AUTO = True', 'CONFIG = [{', "    'NAME': 'authentik',", "    'SECRET': '<Client secret from authentik>'", '}]'].join('\n');
  const got = settingsInCode('python', py, 10, 5);
  it('one setting per key, nested keys with their keyPath, lists of plain values as one literal', () => {
    expect(got.map((s) => [s.line, s.column, s.key, s.value, s.keyPath, s.syntax])).toEqual([
      [10, 30, 'AUTHENTICATION_SOURCES', "['oauth2', 'internal']", ['AUTHENTICATION_SOURCES'], 'literal'],
      [11, 12, 'AUTO', 'True', ['AUTO'], 'literal'],
      [13, 17, 'NAME', 'authentik', ['CONFIG', 0, 'NAME'], 'string'],
      [14, 19, 'SECRET', '<Client secret from authentik>', ['CONFIG', 0, 'SECRET'], 'string'],
    ]);
  });
  it('a value computed by code is read line by line as before; a program (control flow) is no configuration', () => {
    expect(settingsInCode('python', "A = os.environ['A']\nB = 'b'", 1, 1).map((s) => [s.key, s.value, s.keyPath])).toEqual([['B', 'b', ['B']]]);
    expect(settingsInCode('python', 'roles = []\nif user.is_superuser:\n    roles = ["admin"]', 1, 1)).toEqual([]);
  });
});

describe('an environment variable whose value is a structured literal', () => {
  const line = `PGADMIN_CONFIG_OAUTH2_CONFIG="[{'OAUTH2_NAME':'authentik','OAUTH2_SCOPE':'openid email profile'}]"`;
  const got = settingsInCode('bash', `PGADMIN_CONFIG_X=True\n${line}`, 7, 1);
  it('is split into its keys, each with its own column on the line', () => {
    expect(got.map((s) => [s.line, s.column, s.key, s.value, s.keyPath, s.syntax])).toEqual([
      [7, 18, 'PGADMIN_CONFIG_X', 'True', ['PGADMIN_CONFIG_X'], 'literal'],
      [8, line.indexOf("'authentik'") + 1, 'OAUTH2_NAME', 'authentik', ['PGADMIN_CONFIG_OAUTH2_CONFIG', 0, 'OAUTH2_NAME'], 'string'],
      [8, line.indexOf("'openid") + 1, 'OAUTH2_SCOPE', 'openid email profile', ['PGADMIN_CONFIG_OAUTH2_CONFIG', 0, 'OAUTH2_SCOPE'], 'string'],
    ]);
  });
});

const FIXTURE = `---
title: Integrate with Example
---

## Example configuration

To configure it, you can either use the \`settings.py\` file or set environment variables.

### Using the file

1. Add to \`settings.py\`:

    \`\`\`python
    SSO = True
    SSO_NAME = 'authentik'
    \`\`\`

2. Restart Example.

### Using environment variables

\`\`\`env
EXAMPLE_SSO=True
EXAMPLE_SSO_NAME=Login with authentik
\`\`\`

### Notes

\`\`\`python
SSO = False
\`\`\`
`;

describe('alternative configuration blocks', () => {
  const { guide } = extractText('example/index.md', FIXTURE);
  it('is a valid model', () => expect(Guide.parse(guide)).toEqual(guide));
  it('the file and the variables are alternatives, the prefix known; a Notes block is a variation; the restart line kept', () => {
    expect(guide.configBlocks).toEqual([
      { line: 13, column: 5, lang: 'python', form: 'file', file: 'settings.py', section: 'Using the file', optional: false, alternatives: [22], envPrefix: null, restartLine: 18 },
      { line: 22, column: 1, lang: 'env', form: 'env', file: null, section: 'Using environment variables', optional: false, alternatives: [13], envPrefix: 'EXAMPLE_', restartLine: null },
      { line: 29, column: 1, lang: 'python', form: 'file', file: null, section: 'Notes', optional: true, alternatives: [], envPrefix: null, restartLine: null },
    ]);
    expect(guide.settings.filter((s) => s.block).map((s) => [s.line, s.block, s.keyPath, s.optional])).toEqual([
      [14, 13, ['SSO'], false],
      [15, 13, ['SSO_NAME'], false],
      [23, 22, ['EXAMPLE_SSO'], false],
      [24, 22, ['EXAMPLE_SSO_NAME'], false],
      [30, 29, ['SSO'], true],
    ]);
  });
});

const corpus = corpusDir();
for (const [tree, rel, shift] of PGADMIN_CORPUS_GUIDES) {
  const file = corpus ? path.join(corpus, tree, rel) : null;
  const present = file !== null && existsSync(file);
  describe.skipIf(!present)(corpusSuite(`corpus pgAdmin guide (${tree})`, present ? corpus : null), () => {
    const at = (line: number) => line + shift;
    it('the python block: top-level assignments and OAUTH2_CONFIG keys, one per line', async () => {
      const { guide } = await extractFile(file!);
      const py = guide.settings.filter((s) => s.block === at(57));
      expect(py.map((s) => [s.line, s.keyPath?.join('.')])).toEqual([
        [at(58), 'AUTHENTICATION_SOURCES'],
        [at(59), 'OAUTH2_AUTO_CREATE_USER'],
        ...['NAME', 'DISPLAY_NAME', 'CLIENT_ID', 'CLIENT_SECRET', 'TOKEN_URL', 'AUTHORIZATION_URL', 'API_BASE_URL', 'USERINFO_ENDPOINT', 'SERVER_METADATA_URL', 'SCOPE', 'ICON', 'BUTTON_COLOR'].map(
          (k, i) => [at(61 + i), `OAUTH2_CONFIG.0.OAUTH2_${k}`],
        ),
      ]);
      expect(py[0]).toMatchObject({ value: "['oauth2', 'internal']", syntax: 'literal' });
      expect(py[1]).toMatchObject({ value: 'True', syntax: 'literal' });
      expect(py.find((s) => s.key === 'OAUTH2_CLIENT_SECRET')).toMatchObject({ value: null, ref: 'clientSecret', syntax: 'string' });
    });
    it('the env block: OAUTH2_CONFIG split on one line, each key at its own column; the blocks are alternatives', async () => {
      const { guide } = await extractFile(file!);
      const env = guide.settings.filter((s) => s.block === at(88) && s.line === at(91));
      expect(env).toHaveLength(12);
      const columns = env.map((s) => s.column);
      expect([...columns].sort((a, b) => a - b)).toEqual(columns);
      expect(env.find((s) => s.key === 'OAUTH2_DISPLAY_NAME')).toMatchObject({ value: 'Login with authentik', column: 81 });
      expect(guide.configBlocks?.map((b) => [b.line, b.form, b.file, b.optional, b.alternatives, b.envPrefix, b.restartLine])).toEqual([
        [at(57), 'file', 'config_local.py', false, [at(88)], null, at(76)],
        [at(88), 'env', null, false, [at(57)], 'PGADMIN_CONFIG_', null],
        [at(98), 'file', null, true, [], null, null],
        [at(105), 'file', null, true, [], null, null],
      ]);
    });
  });
}
