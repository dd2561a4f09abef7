#!/usr/bin/env node
/**
 * docproof: extract | lint | report | plan | run | blueprint | changed.
 * Each command lives in src/commands/<name>.ts and returns its exit code; this file only parses arguments
 * and turns a thrown error into one line on stderr and exit 2 (never a stack trace).
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT_USAGE } from './exit-codes.js';

// `docproof report DIR | head`: the reader has gone, so stop quietly, as Unix tools do, instead of an EPIPE trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit();
  });
}

const program = new Command('docproof')
  .description('Treat authentik integration guides as tests.')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError(false)
  .configureOutput({ outputError: (str, write) => write(str.split('\n')[0] + '\n') });

type Handler = (paths: string[], opts: Record<string, unknown>) => Promise<number>;

/**
 * Each command's module is loaded only when it runs. The names are spelled out (not a template string) so that
 * the bundler (scripts/bundle-cli.ts) can tell the start-up-sensitive commands from the live ones it leaves out.
 */
const commands = {
  extract: () => import('./commands/extract.js'),
  lint: () => import('./commands/lint.js'),
  report: () => import('./commands/report.js'),
  plan: () => import('./commands/plan.js'),
  run: () => import('./commands/run.js'),
  blueprint: () => import('./commands/blueprint.js'),
  changed: () => import('./commands/changed.js'),
} satisfies Record<string, () => Promise<{ run: Handler }>>;

function lazy(name: keyof typeof commands): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    // commander passes the positional arguments first, then the options object, then the command.
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.opts();
    const positional = args.slice(0, cmd.registeredArguments.length).flatMap((a) =>
      Array.isArray(a) ? (a as string[]) : a === undefined ? [] : [a as string],
    );
    const mod = await commands[name]();
    process.exitCode = await mod.run(positional, opts);
  };
}

const formatOption = (choices: string[], def: string) =>
  new Option('--format <format>', 'output format').choices(choices).default(def);

program
  .command('extract')
  .description('print the model of each guide: settings, redirect URIs, placeholders and steps, with their lines')
  .argument('<paths...>', 'guide files or folders (index.md / index.mdx, recursively)')
  .addOption(formatOption(['json', 'pretty'], 'pretty'))
  .option('--summary', 'print per-tree counts instead of the models')
  .action(lazy('extract'));

program
  .command('lint')
  .description('check guides without starting anything')
  .argument('<paths...>', 'guide files or folders')
  .addOption(formatOption(['pretty', 'json', 'junit', 'github', 'markdown'], 'pretty'))
  .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', (v) => Number.parseInt(v, 10))
  .option('--check-links', 'also check absolute links online (bounded in time and parallelism)')
  .option('--config <file>', 'JSON rule settings: {"rules": {"<rule-id>": "off" | "error" | "warning" | "info" | [severity, options]}}')
  .action(lazy('lint'));

program
  .command('report')
  .description('corpus health report: findings per guide, tested-with age, the most outdated guides first')
  .argument('<dir>', 'folder of guides')
  .addOption(formatOption(['markdown', 'html', 'json'], 'markdown'))
  .option('-o, --output <file>', 'write the report to a file instead of stdout')
  .action(lazy('report'));

program
  .command('plan')
  .description('print the ordered steps a run performs, each with the guide lines it performs')
  .argument('<guide>', 'guide file')
  .addOption(formatOption(['pretty', 'json'], 'pretty'))
  .action(lazy('plan'));

program
  .command('run')
  .description('perform the guide in a real browser against real instances and prove a user can sign in')
  .argument('<guides...>', 'guide files')
  .addOption(new Option('--stack <stack>', 'where the instances come from').choices(['compose', 'external']).default('compose'))
  .option('--env-file <file>', 'env file with the external instances\' URLs and credentials')
  .addOption(formatOption(['pretty', 'json', 'junit', 'github', 'markdown'], 'pretty'))
  .option('--headed', 'show the browser')
  .addOption(new Option('--trace <mode>', 'Playwright traces').choices(['on', 'off', 'retain-on-failure']).default('retain-on-failure'))
  .option('--output <dir>', 'folder for traces, screenshots and the HTML report', '.docproof/run')
  .option('--retries <n>', 'retry a failing guide up to n times; one that passes on retry is reported as flaky', (v) => Number.parseInt(v, 10))
  .addOption(
    new Option('--authentik <mode>', "perform the guide's authentik steps in authentik's admin interface (ui) or create them through its API (api); default: ui where the admin interface answers").choices(['ui', 'api']),
  )
  .action(lazy('run'));

program
  .command('blueprint')
  .description('print the authentik blueprint (YAML) that creates what the guide configures in authentik')
  .argument('<guide>', 'guide file')
  .action(lazy('blueprint'));

program
  .command('changed')
  .description('list the guides a change touches (guide files and the files they import or reference)')
  .option('--base <ref>', 'compare against this git ref', 'origin/main')
  .option('--root <dir>', 'docs folder to look in', '.')
  .option('--all', 'list every guide under --root, changed or not (for a scheduled run of the whole tree)')
  .addOption(formatOption(['lines', 'json'], 'lines'))
  .action(lazy('changed'));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`docproof: ${message.split('\n')[0]}\n`);
    process.exitCode = EXIT_USAGE;
  }
}
