/**
 * A guide that configures its application through code blocks becomes configure steps (one per key, each at its
 * own line, both alternative forms tagged) and a restart; on the corpus pgAdmin guide in both trees and on a
 * hand-made guide.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../src/guide/corpus.js';
import { extractFile, extractText } from '../../src/guide/extract.js';
import type { PlanStep } from '../../src/plan/model.js';
import { PlanError, planGuide } from '../../src/plan/plan.js';
import { formatPlan } from '../../src/plan/pretty.js';
import { keyPathText } from '../../src/plan/configure.js';
import { corpusSuite, PGADMIN_CORPUS_GUIDES } from '../support/corpus.js';

const summary = (steps: PlanStep[]) =>
  steps.map((s) => `${s.kind}@${s.lines.join(',') || '-'}${s.kind === 'configure' ? ` ${s.form} ${keyPathText(s.keyPath)}` : s.kind === 'restart' ? ` ${s.form}` : ''}`);

const corpus = corpusDir();
for (const [tree, rel, shift] of PGADMIN_CORPUS_GUIDES) {
  const file = corpus ? path.join(corpus, tree, rel) : null;
  const present = file !== null && existsSync(file);
  describe.skipIf(!present)(corpusSuite(`planGuide on the corpus pgAdmin guide (${tree})`, present ? corpus : null), () => {
    const at = (line: number) => line + shift;
    const plan = async () => planGuide((await extractFile(file!)).guide);

    it('bootstrap, provision, both forms key by key with their restart, then the sign-in; no admin UI steps', async () => {
      const p = await plan();
      const got = summary(p.steps);
      expect(got.slice(0, 2)).toEqual(['bootstrap@-', expect.stringMatching(/^provision@/)]);
      expect(got.filter((s) => s.startsWith('configure@') && s.includes(' file '))).toHaveLength(14);
      expect(got.filter((s) => s.startsWith('configure@') && s.includes(' env '))).toHaveLength(14);
      expect(got).toContain(`configure@${at(58)} file AUTHENTICATION_SOURCES`);
      expect(got).toContain(`configure@${at(63)} file OAUTH2_CONFIG[0].OAUTH2_CLIENT_ID`);
      expect(got).toContain(`configure@${at(91)} env PGADMIN_CONFIG_OAUTH2_CONFIG[0].OAUTH2_DISPLAY_NAME`);
      expect(got).toContain(`restart@${at(76)} file`);
      expect(got).toContain('restart@- env');
      expect(got.slice(-4).map((s) => s.split('@')[0])).toEqual(['start-sso', 'sign-in-idp', 'assert-identity', 'sign-out']);
      expect(got.some((s) => /^(sign-in-admin|fill|click|navigate)@/.test(s))).toBe(false);
      expect(got.indexOf(`restart@${at(76)} file`)).toBeLessThan(got.indexOf(`configure@${at(89)} env PGADMIN_CONFIG_AUTHENTICATION_SOURCES`));
    });

    it('says which block is which form, with the file it goes in', async () => {
      const p = await plan();
      expect(p.app).toEqual({ name: 'pgadmin', displayName: 'pgAdmin' });
      expect(p.configForms).toEqual([
        { form: 'file', file: 'config_local.py', line: at(57), lang: 'python' },
        { form: 'env', file: null, line: at(88), lang: 'bash' },
      ]);
    });

    it('values as written, references unresolved, the secret masked in both forms, literals marked', async () => {
      const p = await plan();
      const configure = p.steps.filter((s): s is Extract<PlanStep, { kind: 'configure' }> => s.kind === 'configure');
      const secrets = configure.filter((s) => s.secret);
      expect(secrets.map((s) => [s.lines[0], s.ref, s.value, s.meaning])).toEqual([
        [at(64), 'clientSecret', null, 'clientSecret'],
        [at(91), 'clientSecret', null, 'clientSecret'],
      ]);
      expect(configure.find((s) => s.key === 'AUTHENTICATION_SOURCES')).toMatchObject({ file: 'config_local.py', syntax: 'literal', value: "['oauth2', 'internal']", keyPath: ['AUTHENTICATION_SOURCES'] });
      expect(configure.find((s) => s.key === 'PGADMIN_CONFIG_OAUTH2_CONFIG' && s.keyPath[2] === 'OAUTH2_TOKEN_URL')).toMatchObject({
        file: null,
        syntax: 'string',
        value: 'https://authentik.company/application/o/token/',
        meaning: 'tokenUrl',
        column: 227,
      });
      expect(configure.find((s) => s.key === 'OAUTH2_CONFIG' && s.keyPath[2] === 'OAUTH2_DISPLAY_NAME')).toMatchObject({ lines: [at(62)], column: 32 });
      expect(configure.find((s) => s.keyPath[2] === 'OAUTH2_ICON')).toMatchObject({ ref: 'other', value: null });
    });

    it('identifies the user the way pgAdmin does when the guide names no claim (email)', async () => {
      expect((await plan()).steps.find((s) => s.kind === 'assert-identity')).toMatchObject({ claim: null, userField: 'email' });
    });

    it('prints both forms, one step per key with its line', async () => {
      const text = formatPlan(await plan());
      expect(text).toContain(`configuration form file (guide:${at(57)}, python): config_local.py`);
      expect(text).toContain(`guide:${at(64)} set OAUTH2_CONFIG[0].OAUTH2_CLIENT_SECRET (config_local.py) [file] ← clientSecret from authentik`);
      expect(text).toContain(`guide:${at(91)} set PGADMIN_CONFIG_OAUTH2_CONFIG[0].OAUTH2_DISPLAY_NAME (environment variable) [env] = Login with authentik`);
      expect(text).toContain("recreate pgAdmin's container with the variables");
    });
  });
}

describe('a configuration guide without a configuration block', () => {
  it('is a PlanError at the provider line', () => {
    const { guide } = extractText(
      'x/pgadmin/index.md',
      '---\ntitle: Integrate with pgAdmin\n---\n\n## authentik configuration\n\n- **Choose a Provider type**: select **OAuth2/OpenID Connect** as the provider type.\n- Set a `Strict` redirect URI to `https://pgadmin.company/oauth2/authorize`.\n\n## pgAdmin configuration\n\n- **Client ID**: `<Client ID>`\n',
    );
    expect(() => planGuide(guide)).toThrow(PlanError);
    expect(() => planGuide(guide)).toThrow(/gives no pgAdmin configuration to apply/);
  });
});
