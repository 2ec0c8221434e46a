import { PerfGateError, errorMessage } from '../errors.js';
import { suiteJsonSchema } from '../config/json-schema.js';
import { VERSION } from '../version.js';
import { MAIN_HELP, RUN_HELP, SCHEMA_HELP } from './help.js';
import { RECORD_HELP, recordCommand } from './record-command.js';
import { COMPARE_HELP, compareCommand } from './compare-command.js';
import { MERGE_HELP, mergeCommand } from './merge-command.js';
import { REPORT_HELP, reportCommand } from './report-command.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { runCommand } from './run-command.js';

const COMMAND_HELP: Record<string, string> = {
  run: RUN_HELP,
  compare: COMPARE_HELP,
  record: RECORD_HELP,
  merge: MERGE_HELP,
  report: REPORT_HELP,
  schema: SCHEMA_HELP,
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
    if (command === 'help') return help(rest[0], io);
    if (rest.includes('--help') || rest.includes('-h')) return help(command, io);
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'compare':
        return await compareCommand(rest, io);
      case 'record':
        return await recordCommand(rest, io);
      case 'merge':
        return await mergeCommand(rest, io);
      case 'report':
        return await reportCommand(rest, io);
      case 'schema':
        io.stdout(`${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
        return EXIT.ok;
      default:
        io.stderr(`perf-gate: unknown command "${command}"\n\n${MAIN_HELP}\n`);
        return EXIT.usage;
    }
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

function help(command: string | undefined, io: CliIo): number {
  if (command === undefined) {
    io.stdout(`${MAIN_HELP}\n`);
    return EXIT.ok;
  }
  const text = COMMAND_HELP[command];
  if (text === undefined) {
    io.stderr(`perf-gate: unknown command "${command}"\n\n${MAIN_HELP}\n`);
    return EXIT.usage;
  }
  io.stdout(`${text}\n`);
  return EXIT.ok;
}
