/**
 * The application half of a guide that configures the application through code blocks (pgAdmin's
 * `config_local.py`, or the same as `PGADMIN_CONFIG_*` environment variables): one `configure` step per key with
 * its own line, then the restart the guide asks for. A guide's alternative blocks (the file OR the variables) both
 * become steps, tagged by their form; a run performs the form its stack takes and skips the other. Variation
 * blocks (under "General Notes") are not performed.
 */
import { keyPathText } from '../guide/extract/config-blocks.js';
import type { ConfigBlock, Guide, Setting } from '../guide/model.js';
import { isSecretValue, settingMeaning } from './meaning.js';
import type { ConfigForm, PlanStep } from './model.js';

type ConfigureStep = Extract<PlanStep, { kind: 'configure' }>;
type RestartStep = Extract<PlanStep, { kind: 'restart' }>;

export interface ConfigurationPart {
  /** The configure and restart steps of every form, form by form in the guide's order. */
  steps: Array<ConfigureStep | RestartStep>;
  forms: ConfigForm[];
}

/** The blocks a run performs: the application's configuration blocks outside variations and verification sections. */
export function performedBlocks(guide: Guide, skipSection: RegExp): ConfigBlock[] {
  return (guide.configBlocks ?? []).filter((b) => !b.optional && !skipSection.test(b.section));
}

export { keyPathText };

export function configurationPart(guide: Guide, displayName: string, skipSection: RegExp): ConfigurationPart {
  const blocks = performedBlocks(guide, skipSection);
  const steps: Array<ConfigureStep | RestartStep> = [];
  for (const block of blocks) {
    const settings = guide.settings.filter((s) => s.block === block.line && s.side === 'app');
    for (const setting of settings) steps.push(configureStep(block, setting));
    steps.push(restartStep(block, displayName));
  }
  return { steps, forms: blocks.map((b) => ({ form: b.form, file: b.file, line: b.line, lang: b.lang })) };
}

function configureStep(block: ConfigBlock, setting: Setting): ConfigureStep {
  const keyPath = setting.keyPath ?? [setting.key];
  const key = String(keyPath[0]);
  const meaning = settingMeaning(setting.key);
  const where = block.form === 'env' ? 'environment variable' : (block.file ?? 'the configuration file');
  return {
    kind: 'configure',
    form: block.form,
    file: block.form === 'file' ? block.file : null,
    key,
    keyPath,
    syntax: setting.syntax ?? 'string',
    column: setting.column,
    value: setting.value,
    ref: setting.ref,
    meaning,
    secret: isSecretValue(meaning, setting.ref),
    lines: [setting.line],
    title: `guide:${setting.line} set ${keyPathText(keyPath)} (${where})`,
  };
}

function restartStep(block: ConfigBlock, displayName: string): RestartStep {
  const how = block.form === 'env' ? `recreate ${displayName}'s container with the variables` : `restart ${displayName}`;
  if (block.restartLine !== null) return { kind: 'restart', form: block.form, lines: [block.restartLine], title: `guide:${block.restartLine} ${how}` };
  // The guide does not say it, but a running application reads its configuration only when it starts.
  return { kind: 'restart', form: block.form, lines: [], implicit: true, title: `${how} after guide:${block.line}` };
}
