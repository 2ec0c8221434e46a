import { mainHelp } from '../../src/cli/help.js';
import type { CommandManual } from '../../src/cli/manual/command-manual.js';
import { COMMAND_MANUALS } from '../../src/cli/manual/commands.js';
import { flagDefault, flagLabel } from '../../src/cli/manual/flags.js';
import { code, table } from './markdown.js';

/** docs/cli.md's reference, from the manuals the CLI's --help renders and whose flags its parser takes. */
export function cliReference(): { 'cli-usage': string; 'cli-commands': string } {
  return { 'cli-usage': ['```text', mainHelp(), '```'].join('\n'), 'cli-commands': COMMAND_MANUALS.map(commandSection).join('\n\n') };
}

function commandSection(manual: CommandManual): string {
  const flags = Object.entries(manual.flags).map(([name, flag]) => [
    code(flagLabel(name, flag)),
    flag.description,
    flagDefault(flag) ?? '',
  ]);
  const exitCodes = manual.exitCodes.map(({ code: exit, meaning }) => [String(exit), meaning]);
  return [
    `### ${code(`perf-gate ${manual.name}`)}`,
    ['```text', ...manual.synopsis.map((form) => `perf-gate ${form}`), '```'].join('\n'),
    ...manual.about,
    table(['flag', 'meaning', 'default'], flags),
    table(['exit code', 'meaning'], exitCodes),
  ].join('\n\n');
}
