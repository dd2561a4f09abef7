/**
 * `docproof blueprint GUIDE`: prints the authentik blueprint (YAML) that creates the provider and application the
 * guide configures, with the guide's own values (placeholders as the guide writes them) and the wizard's defaults.
 */
import { blueprintFor } from '../authentik/blueprint.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { GuideInputError, extractFile } from '../guide/extract.js';
import { specFromGuide } from '../plan/spec.js';

export async function run(positional: string[]): Promise<number> {
  const file = positional[0];
  if (!file || positional.length !== 1) {
    process.stderr.write('docproof blueprint: give exactly one guide file\n');
    return EXIT_USAGE;
  }
  try {
    const { guide } = await extractFile(file);
    process.stdout.write(blueprintFor(specFromGuide(guide), { source: file }));
    return EXIT_OK;
  } catch (err) {
    const message = err instanceof GuideInputError ? err.toLine() : err instanceof Error ? err.message : String(err);
    process.stderr.write(`docproof blueprint: ${message.split('\n')[0]}\n`);
    return EXIT_USAGE;
  }
}
