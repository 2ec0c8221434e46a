import { exitCodes, type CommandManual } from './command-manual.js';
import { commandFlags } from './flags.js';

export const SCHEMA_FLAGS = commandFlags({});

export const SCHEMA = {
  name: 'schema',
  synopsis: ['schema'],
  summary: 'Print the JSON Schema of the suite file, for editor completion.',
  about: [
    'Prints the JSON Schema of the suite file to stdout. Point your editor at it, e.g. with the YAML language server: `# yaml-language-server: $schema=./perf-gate.schema.json`',
  ],
  flags: SCHEMA_FLAGS,
  exitCodes: exitCodes({ ok: 'printed' }),
} as const satisfies CommandManual;
