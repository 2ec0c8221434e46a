import { PerfGateError, errorMessage } from '../errors.js';
import { closest, excerpt } from '../config/wording.js';
import { VERSION } from '../version.js';
import { MAIN_HELP, RUN_HELP, SCHEMA_HELP } from './help.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** A command: its help text, and what runs it. */
interface Command {
  help: () => Promise<string>;
  run: (args: string[], io: CliIo) => Promise<number>;
}

/** A command whose module exports its help text and the function that runs it. */
function inModule<M>(load: () => Promise<M>, help: (module: M) => string, run: (module: M) => Command['run']): Command {
  return { help: async () => help(await load()), run: async (args, io) => run(await load())(args, io) };
}

/**
 * The commands. Each one's code is imported when it runs or shows its help, never before: in the
 * bundle it is a chunk of its own, so a start that does not need it (--version, --help, another
 * command) does not load it (the load engine, the HTML report, zod and yaml are most of the CLI).
 */
const COMMANDS: Record<string, Command> = {
  run: { help: async () => RUN_HELP, run: async (args, io) => (await import('./run-command.js')).runCommand(args, io) },
  compare: inModule(() => import('./compare-command.js'), (m) => m.COMPARE_HELP, (m) => m.compareCommand),
  record: inModule(() => import('./record-command.js'), (m) => m.RECORD_HELP, (m) => m.recordCommand),
  seed: inModule(() => import('./seed-command.js'), (m) => m.SEED_HELP, (m) => m.seedCommand),
  merge: inModule(() => import('./merge-command.js'), (m) => m.MERGE_HELP, (m) => m.mergeCommand),
  report: inModule(() => import('./report-command.js'), (m) => m.REPORT_HELP, (m) => m.reportCommand),
  schema: {
    help: async () => SCHEMA_HELP,
    run: async (_args, io) => {
      const { suiteJsonSchema } = await import('../config/json-schema.js');
      io.stdout(`${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
      return EXIT.ok;
    },
  },
};

/**
 * Dispatches a command line and turns every outcome into an exit code. The one place that
 * catches: a PerfGateError prints its message alone; anything else is a bug and says so.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h') {
      io.stdout(`${MAIN_HELP}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (command === 'help') return await help(rest[0], io);
    if (rest.includes('--help') || rest.includes('-h')) return await help(command, io);
    if (!Object.hasOwn(COMMANDS, command)) return unknown(command, io);
    return await COMMANDS[command]!.run(rest, io);
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

async function help(command: string | undefined, io: CliIo): Promise<number> {
  if (command === undefined) {
    io.stdout(`${MAIN_HELP}\n`);
    return EXIT.ok;
  }
  if (!Object.hasOwn(COMMANDS, command)) return unknown(command, io);
  io.stdout(`${await COMMANDS[command]!.help()}\n`);
  return EXIT.ok;
}

function unknown(command: string, io: CliIo): number {
  const meant = closest(command, [...Object.keys(COMMANDS), 'help']);
  const hint = meant === undefined ? '' : `; did you mean "${meant}"?`;
  io.stderr(`perf-gate: unknown command ${excerpt(command, JSON.stringify)}${hint}\n\n${MAIN_HELP}\n`);
  return EXIT.usage;
}
