// The terminal manual, rendered from the commands' manuals (src/cli/manual/): pure string functions.
import pkg from '../../package.json' with { type: 'json' };
import type { CommandManual, ExitCode } from './manual/command-manual.js';
import { COMMAND_MANUALS } from './manual/commands.js';
import { flagDefault, flagLabel, type Flag } from './manual/flags.js';
import { EXIT_CODES } from './manual/judging.js';

const WIDTH = 90;
/** Where a flag's description starts. */
const FLAG_COLUMN = 29;
/** Where an exit code's meaning starts. */
const CODE_COLUMN = 7;

/** The commands main() answers itself, after the manuals' in the usage and the list. */
const OWN_FORMS = ['help [COMMAND]', '--version'];
const HELP_SUMMARY = 'Show help for a command.';

/** `perf-gate --help`: every command's forms and summary, the exit codes, where the docs are. */
export function mainHelp(): string {
  const forms = [...COMMAND_MANUALS.flatMap((m) => m.synopsis), ...OWN_FORMS].map((form) => `  perf-gate ${form}`);
  const summaries = [...COMMAND_MANUALS.map((m) => [m.name, m.summary] as const), ['help', HELP_SUMMARY] as const];
  const nameWidth = Math.max(...summaries.map(([name]) => name.length)) + 2;
  const commands = summaries.flatMap(([name, summary]) => hanging(`  ${name.padEnd(nameWidth)}`, plain(summary), 2 + nameWidth));
  return [
    'perf-gate: HTTP load suites with a performance gate',
    '',
    'Usage:',
    ...forms,
    '',
    'Commands:',
    ...commands,
    '',
    ...exitCodeLines(EXIT_CODES),
    '',
    `Docs: ${pkg.homepage} (every command and flag: docs/cli.md)`,
  ].join('\n');
}

/** `perf-gate COMMAND --help`: its forms, what it does, its flags and its exit codes. */
export function commandHelp(manual: CommandManual): string {
  const [first, ...others] = manual.synopsis;
  return [
    `Usage: perf-gate ${first}`,
    ...others.map((form) => `       perf-gate ${form}`),
    ...manual.about.flatMap((paragraph) => ['', ...wrap(plain(paragraph), WIDTH)]),
    '',
    'Options:',
    ...Object.entries(manual.flags).flatMap(([name, flag]) => flagLines(name, flag)),
    '',
    ...exitCodeLines(manual.exitCodes),
  ].join('\n');
}

function flagLines(name: string, flag: Flag): string[] {
  const fallback = flagDefault(flag);
  const text = wrap(plain(flag.description), WIDTH - FLAG_COLUMN);
  if (fallback !== undefined) text.push(...wrap(`default: ${plain(fallback)}`, WIDTH - FLAG_COLUMN));
  // Long names line up whether or not the flag has a short one.
  const label = `  ${flag.short === undefined ? '    ' : ''}${flagLabel(name, flag)}`;
  const indent = ' '.repeat(FLAG_COLUMN);
  // A label too long for its column stands on a line of its own.
  if (label.length >= FLAG_COLUMN) return [label, ...text.map((line) => indent + line)];
  const [head, ...rest] = text;
  return [label.padEnd(FLAG_COLUMN) + head, ...rest.map((line) => indent + line)];
}

function exitCodeLines(codes: readonly ExitCode[]): string[] {
  return [
    'Exit codes:',
    ...codes.flatMap(({ code, meaning }) => hanging(`  ${String(code).padEnd(CODE_COLUMN - 2)}`, plain(meaning), CODE_COLUMN)),
  ];
}

/** `lead` followed by `text` wrapped in the column after it. */
function hanging(lead: string, text: string, column: number): string[] {
  const [head, ...rest] = wrap(text, WIDTH - column);
  return [lead + head, ...rest.map((line) => ' '.repeat(column) + line)];
}

/** Text for the terminal: code marks (backticks) dropped. */
function plain(text: string): string {
  return text.replaceAll('`', '');
}

/** Words in lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}
