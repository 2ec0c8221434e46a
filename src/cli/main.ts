import { PerfGateError, errorMessage } from '../errors.js';
import { closest, excerpt } from '../config/wording.js';
import { VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { COMMAND_MANUALS } from './manual/commands.js';

type CommandName = (typeof COMMAND_MANUALS)[number]['name'];

/**
 * What runs each command. Its code is imported when it runs, never before: in the bundle it is
 * a chunk of its own, so a start that does not need it (--version, --help, another command)
 * does not load it (the load engine, the HTML report, zod and yaml are most of the CLI). The
 * help is rendered from the commands' manuals (src/cli/manual/), imported only to show it.
 */
const COMMANDS: Record<CommandName, (args: string[], io: CliIo) => Promise<number>> = {
  run: async (args, io) => (await import('./run-command.js')).runCommand(args, io),
  compare: async (args, io) => (await import('./compare-command.js')).compareCommand(args, io),
  record: async (args, io) => (await import('./record-command.js')).recordCommand(args, io),
  seed: async (args, io) => (await import('./seed-command.js')).seedCommand(args, io),
  merge: async (args, io) => (await import('./merge-command.js')).mergeCommand(args, io),
  report: async (args, io) => (await import('./report-command.js')).reportCommand(args, io),
  schema: async (args, io) => (await import('./schema-command.js')).schemaCommand(args, io),
};

/**
 * Dispatches a command line and turns every outcome into an exit code. The one place that
 * catches: a PerfGateError prints its message alone; anything else is a bug and says so.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h') {
      io.stdout(`${(await import('./help.js')).mainHelp()}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (command === 'help') return await help(rest[0], io);
    if (rest.includes('--help') || rest.includes('-h')) return await help(command, io);
    if (!isCommand(command)) return await unknown(command, io);
    return await COMMANDS[command](rest, io);
  } catch (error) {
    if (error instanceof PerfGateError) {
      io.stderr(`perf-gate: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`perf-gate: unexpected error: ${errorMessage(error)}\n`);
    if (io.env.PERF_GATE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    else io.stderr('This is a bug in perf-gate; set PERF_GATE_DEBUG=1 for details and please report it.\n');
    return EXIT.internal;
  }
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

async function help(command: string | undefined, io: CliIo): Promise<number> {
  const { commandHelp, mainHelp } = await import('./help.js');
  if (command === undefined) {
    io.stdout(`${mainHelp()}\n`);
    return EXIT.ok;
  }
  const { COMMAND_MANUALS } = await import('./manual/commands.js');
  const manual = COMMAND_MANUALS.find((m) => m.name === command);
  if (manual === undefined) return await unknown(command, io);
  io.stdout(`${commandHelp(manual)}\n`);
  return EXIT.ok;
}

async function unknown(command: string, io: CliIo): Promise<number> {
  const meant = closest(command, [...Object.keys(COMMANDS), 'help']);
  const hint = meant === undefined ? '' : `; did you mean "${meant}"?`;
  io.stderr(`perf-gate: unknown command ${excerpt(command, JSON.stringify)}${hint}\n\n${(await import('./help.js')).mainHelp()}\n`);
  return EXIT.usage;
}
