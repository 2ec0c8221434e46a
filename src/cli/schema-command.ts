import { suiteJsonSchema } from '../config/json-schema.js';
import { parseFlags } from './args.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { SCHEMA_FLAGS } from './manual/commands.js';

/** `perf-gate schema`: the suite file's JSON Schema, for editors. */
export async function schemaCommand(argv: string[], io: CliIo): Promise<number> {
  parseFlags('schema', argv, SCHEMA_FLAGS);
  io.stdout(`${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
