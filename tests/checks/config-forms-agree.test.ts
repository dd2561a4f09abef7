/**
 * config-forms-agree on the corpus pgAdmin guide (both trees): the display name differs between config_local.py and
 * the PGADMIN_CONFIG_* variables, reported at both lines and nothing else of this rule; and scope-list takes a list
 * literal of a configuration block for a list, not a comma-separated value.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../../src/checks/lint.js';
import { severityOf } from '../../src/findings.js';
import { corpusDir } from '../../src/guide/corpus.js';
import { extractText } from '../../src/guide/extract.js';
import { runRule } from '../../src/checks/rule.js';
import { fsEnv } from '../../src/checks/lint.js';
import configFormsAgree from '../../src/checks/config-forms-agree.js';
import scopeList from '../../src/checks/scope-list.js';
import { corpusSuite } from '../support/corpus.js';

const corpus = corpusDir();
for (const [tree, rel, shift] of [
  ['authentik-integrations', 'infrastructure/pgadmin/index.md', 0],
  ['authentik-integrations-legacy-2025-05', 'services/pgadmin/index.md', 2],
] as const) {
  const file = corpus ? path.join(corpus, tree, rel) : null;
  const present = file !== null && existsSync(file);
  describe.skipIf(!present)(corpusSuite(`config-forms-agree on the corpus pgAdmin guide (${tree})`, present ? corpus : null), () => {
    it('OAUTH2_DISPLAY_NAME: `authentik` in the file, `Login with authentik` in the variables, at both lines', async () => {
      const { files } = await lintPaths([file!]);
      const got = files[0]!.messages.filter((m) => m.ruleId === 'config-forms-agree').map((m) => [m.line, m.column, severityOf(m), m.reason]);
      expect(got).toEqual([
        [62 + shift, 32, 'warning', '`OAUTH2_CONFIG[0].OAUTH2_DISPLAY_NAME` is `authentik` here but `Login with authentik` in the environment variables (line ' + (91 + shift) + ')'],
        [91 + shift, 81, 'warning', '`PGADMIN_CONFIG_OAUTH2_CONFIG[0].OAUTH2_DISPLAY_NAME` is `Login with authentik` here but `authentik` in config_local.py (line ' + (62 + shift) + ')'],
      ]);
    });
  });
}

const guideWith = (py: string, env: string) =>
  `---\ntitle: Integrate with Example\n---\n\n## Example configuration\n\n### Using \`settings.py\`\n\n\`\`\`python\n${py}\n\`\`\`\n\n### Using environment variables\n\n\`\`\`bash\n${env}\n\`\`\`\n`;

async function run(rule: typeof configFormsAgree | typeof scopeList, text: string) {
  const { guide, file } = extractText('example/index.md', text);
  await runRule(rule, guide, file, fsEnv);
  return file.messages.map((m) => [m.line, m.reason]);
}

describe('config-forms-agree', () => {
  it('a reference in one form and a literal in the other disagree; equal literals spaced differently agree', async () => {
    const text = guideWith(
      "SECRET = '<Client secret from authentik>'\nSOURCES = ['oauth2', 'internal']",
      "X_SECRET=abc123\nX_SOURCES=\"['oauth2','internal']\"",
    );
    expect(await run(configFormsAgree, text)).toEqual([
      [10, '`SECRET` is a reference to the clientSecret here but `abc123` in the environment variables (line 17)'],
      [17, '`X_SECRET` is `abc123` here but a reference to the clientSecret in settings.py (line 10)'],
    ]);
  });
  it('blocks that are not the same keys are not alternatives: nothing to compare', async () => {
    expect(await run(configFormsAgree, guideWith("A = 'a'\nB = 'b'", 'OTHER=1\nTHING=2'))).toEqual([]);
  });
});

describe('scope-list and a list literal of a configuration block', () => {
  const oauth2 = (text: string) =>
    text.replace('## Example configuration', '## authentik configuration\n\n- **Choose a Provider type**: select **OAuth2/OpenID Connect** as the provider type.\n\n## Example configuration');
  it('is a list of scopes, not a comma-separated value', async () => {
    expect(await run(scopeList, oauth2(guideWith('OAUTH_SCOPE = ["openid", "profile", "email"]', 'X=1')))).toEqual([]);
    const quoted = await run(scopeList, oauth2(guideWith('OAUTH_SCOPE = "openid,profile,email"', 'X=1')));
    expect(quoted.map((f) => String(f[1]))).toEqual([expect.stringContaining('separated by commas')]);
  });
});
