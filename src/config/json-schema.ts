/** The JSON Schema editors use to complete and check perf-gate.yml (e.g. via yaml-language-server). */
import * as z from 'zod';
import { suiteFileSchema } from './schema.js';

export function suiteJsonSchema(): Record<string, unknown> {
  // The file's side of the schema: durations are strings like "2s", not the milliseconds they become.
  return z.toJSONSchema(suiteFileSchema, { io: 'input' });
}
